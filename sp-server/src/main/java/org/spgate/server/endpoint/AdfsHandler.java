package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Base64;
import java.util.Deque;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.SessionStore;
import org.spgate.core.wsfed.WsFedLogin;
import org.spgate.core.wsfed.WsFedRequests;
import org.spgate.core.wsfed.WsFedSignInConsumer;
import org.spgate.core.wsfed.WsFedSignOut;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.FormReader;
import org.spgate.server.http.UrlEncodedForm;
import org.spgate.server.login.LoginCompleter;
import org.spgate.server.session.LocalSignOut;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/ADFS}: the WS-Federation endpoint, where AD FS and Entra ID post {@code
 * wa=wsignin1.0&wresult=<RSTR>&wctx=...} (the URL existing Shibboleth SP registrations use). A
 * {@code wa=wsignout1.0} or {@code wsignoutcleanup1.0} (GET or POST) ends the local session and
 * answers 200 with a 1x1 GIF, as AD FS expects from relying parties during federated sign-out.
 */
public final class AdfsHandler implements HttpHandler {

  private static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final WsFedSignInConsumer consumer;
  private final LoginCompleter completer;
  private final LocalSignOut signOut;
  private final long maxBodyBytes;

  public AdfsHandler(
      WsFedSignInConsumer consumer,
      LoginCompleter completer,
      SessionLoader sessions,
      SessionStore store,
      SessionCookies cookies,
      int maxMessageBytes) {
    this.consumer = consumer;
    this.completer = completer;
    this.signOut = new LocalSignOut(sessions, store, cookies);
    // wresult is form-encoded XML: '<', '>', '"', '=' and spaces grow to three bytes each.
    this.maxBodyBytes = (long) maxMessageBytes * 3 + 16 * 1024;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Deque<String> queryWa = exchange.getQueryParameters().get("wa");
    if (Methods.GET.equals(exchange.getRequestMethod())) {
      String wa = queryWa == null ? null : queryWa.peekFirst();
      if (WsFedSignOut.isSignOut(wa)) {
        signOut(exchange);
        return;
      }
      ErrorPages.send(
          exchange,
          new Rejection(
              Reason.MISSING_MESSAGE,
              "GET to ADFS endpoint with wa=" + wa + "; a sign-in must be POSTed"),
          "ADFS");
      return;
    }
    FormReader.receive(
        exchange, maxBodyBytes, this::signInOrOut, (ex, e) -> ErrorPages.send(ex, e, "ADFS"));
  }

  /** On a worker thread, with the whole form. */
  private void signInOrOut(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection {
    String wa = form.single("wa");
    if (WsFedSignOut.isSignOut(wa)) {
      signOut(exchange);
      return;
    }
    if (!WsFedRequests.SIGN_IN.equals(wa)) {
      throw new Rejection(
          wa == null ? Reason.MISSING_MESSAGE : Reason.UNEXPECTED_MESSAGE,
          "wa is '" + wa + "', expected wsignin1.0 (or a sign-out)");
    }
    String wresult = form.single("wresult");
    if (wresult == null) {
      throw new Rejection(Reason.MISSING_MESSAGE, "no wresult field");
    }
    WsFedLogin login = consumer.consume(wa, wresult, form.single("wctx"));
    completer.complete(
        exchange,
        login.assertion(),
        login.pendingLogin() == null ? null : login.pendingLogin().target());
  }

  private void signOut(HttpServerExchange exchange) {
    signOut.end(exchange, "WS-Fed sign-out");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/gif");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(PIXEL));
  }

  @Override
  public String toString() {
    return "adfs(WS-Fed)";
  }
}
