package org.spgate.server.http;

import java.util.List;

/**
 * Every value of the client-certificate header ({@code clientCert.fromProxy.header}) a trusted
 * TLS-terminating proxy sent, captured by {@link TrustedForwardedHandler} before it removes that
 * header. Never attached for a peer outside {@code proxy.trustedProxies}.
 */
public record ForwardedClientCert(List<String> values) {

  public ForwardedClientCert {
    values = List.copyOf(values);
  }
}
