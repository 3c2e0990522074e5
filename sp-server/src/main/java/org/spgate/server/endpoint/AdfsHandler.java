package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Base64;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.session.SessionStore;
import org.spgate.core.web.UrlEncodedForm;
import org.spgate.core.wsfed.WsFedLogin;
import org.spgate.core.wsfed.WsFedRequests;
import org.spgate.core.wsfed.WsFedSignInConsumer;
import org.spgate.core.wsfed.WsFedSignOut;
import org.spgate.server.http.CorrelationHandler;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.FormReader;
import org.spgate.server.http.RedirectPolicy;
import org.spgate.server.login.LoginCompleter;
import org.spgate.server.session.LocalSignOut;
import org.spgate.server.session.SessionCookies;
import org.spgate.server.session.SessionLoader;

/**
 * {@code {handlerPath}/ADFS}: the WS-Federation endpoint, where AD FS and Entra ID post {@code
 * wa=wsignin1.0&wresult=<RSTR>&wctx=...} (the URL existing Shibboleth SP registrations use). A
 * {@code wa=wsignout1.0} or {@code wsignoutcleanup1.0} (GET or POST) ends the local session and
 * answers 200 with a 1x1 GIF, as AD FS expects from relying parties during federated sign-out.
 *
 * <p>A sign-in runs inside the {@link DecryptionFailureGuard} (encrypted tokens: decryption
 * failures answered at a fixed time and limited per client address). An unsolicited sign-in (when
 * allowed) returns to its {@code wctx} if that is a local path or an allowed origin.
 */
public final class AdfsHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger("spgate.login");
  private static final String WHERE = "ADFS";
  private static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final WsFedSignInConsumer consumer;
  private final LoginCompleter completer;
  private final LocalSignOut signOut;
  private final RedirectPolicy redirects;
  private final DecryptionFailureGuard guard;
  private final long maxBodyBytes;

  public AdfsHandler(
      WsFedSignInConsumer consumer,
      LoginCompleter completer,
      SessionLoader sessions,
      SessionStore store,
      SessionCookies cookies,
      RedirectPolicy redirects,
      DecryptionFailureGuard guard,
      int maxMessageBytes) {
    this.consumer = consumer;
    this.redirects = redirects;
    this.guard = guard;
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
          WHERE);
      return;
    }
    FormReader.receive(
        exchange, maxBodyBytes, this::signInOrOut, (ex, e) -> ErrorPages.send(ex, e, WHERE));
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
    String wctx = form.single("wctx");
    guard.run(exchange, WHERE, () -> signIn(exchange, wa, wresult, wctx));
  }

  private void signIn(HttpServerExchange exchange, String wa, String wresult, String wctx)
      throws Rejection {
    WsFedLogin login = consumer.consume(wa, wresult, wctx);
    String target =
        login.pendingLogin() != null
            ? login.pendingLogin().target()
            : unsolicitedTarget(exchange, wctx);
    completer.complete(exchange, login.assertion(), target);
  }

  /**
   * An unsolicited (IdP-initiated) sign-in's {@code wctx}, as Shibboleth treats it: the return
   * target if it is a local path or a URL of an allowed origin ({@link RedirectPolicy}); anything
   * else is ignored, with a log line, and the browser goes to the site root. Our own wctx form
   * never gets here (the consumer refuses one that names no outstanding login).
   */
  private String unsolicitedTarget(HttpServerExchange exchange, String wctx) {
    if (wctx == null || wctx.isEmpty()) {
      return null;
    }
    try {
      redirects.resolve(wctx);
      return wctx;
    } catch (Rejection e) {
      LOG.info(
          "unsolicited WS-Fed sign-in [{}]: wctx ignored as return target ({}); going to /",
          CorrelationHandler.idOf(exchange),
          e.getMessage());
      return null;
    }
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
