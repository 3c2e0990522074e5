package org.spgate.bench;

import io.undertow.Undertow;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.net.URI;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * Undertow's proxy handler alone, with the settings spgate's {@code BackendProxy} used for requests
 * with a body until spgate's own engine carried them too, and none of spgate's handlers: the
 * reference rows (b2) and (p2) measured beside spgate.
 *
 * <pre>java -cp benchmarks.jar org.spgate.bench.PlainUndertowProxy PORT BACKEND_URL</pre>
 */
public final class PlainUndertowProxy {

  private PlainUndertowProxy() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    LoadBalancingProxyClient client =
        new LoadBalancingProxyClient()
            .setConnectionsPerThread(64)
            .setMaxQueueSize(1024)
            .setProblemServerRetry(1)
            .setTtl(-1);
    client.addHost(new URI(args[1]), null, null, OptionMap.create(Options.TCP_NODELAY, true));
    ProxyHandler proxy =
        ProxyHandler.builder()
            .setProxyClient(client)
            .setMaxRequestTime(30_000)
            .setReuseXForwarded(false)
            .build();
    Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(proxy).build().start();
  }
}
