package org.spgate.server.endpoint;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.login.PendingLogins;
import org.spgate.core.saml2.Saml2Login;
import org.spgate.core.saml2.Saml2ResponseConsumer;
import org.spgate.core.web.UrlEncodedForm;
import org.spgate.server.http.ErrorPages;
import org.spgate.server.http.FormReader;
import org.spgate.server.login.LoginCompleter;

/**
 * {@code {handlerPath}/SAML2/POST}: the SAML 2.0 HTTP-POST assertion consumer. The body is capped
 * and received without blocking; parsing and signature checks, CPU work, run on a worker thread,
 * inside the {@link DecryptionFailureGuard} (decryption failures answered at a fixed time, and
 * limited per client address).
 */
public final class AcsHandler implements HttpHandler {

  private static final String WHERE = "SAML2/POST";

  private final Saml2ResponseConsumer consumer;
  private final LoginCompleter completer;
  private final DecryptionFailureGuard guard;
  private final long maxBodyBytes;

  public AcsHandler(
      Saml2ResponseConsumer consumer,
      LoginCompleter completer,
      DecryptionFailureGuard guard,
      int maxMessageBytes) {
    this.consumer = consumer;
    this.completer = completer;
    this.guard = guard;
    // base64 inflates by 4/3, form encoding of '+', '/', '=' by up to 3x for those characters.
    this.maxBodyBytes = (long) maxMessageBytes * 2 + 16 * 1024;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    FormReader.receive(
        exchange, maxBodyBytes, this::consume, (ex, e) -> ErrorPages.send(ex, e, WHERE));
  }

  /** On a worker thread, with the whole form. */
  private void consume(HttpServerExchange exchange, UrlEncodedForm form) throws Rejection {
    String response = form.single("SAMLResponse");
    if (response == null) {
      throw new Rejection(Reason.MISSING_MESSAGE, "no SAMLResponse field");
    }
    guard.run(exchange, WHERE, () -> signIn(exchange, response, form.single("RelayState")));
  }

  private void signIn(HttpServerExchange exchange, String response, String relayState)
      throws Rejection {
    Saml2Login login = consumer.consume(response);
    String target =
        login.pendingLogin() != null
            ? login.pendingLogin().target()
            : unsolicitedTarget(relayState);
    completer.complete(exchange, login.assertion(), target, login.messageId());
  }

  /** IdP-initiated: RelayState may be a URL (checked by the redirect policy), never our token. */
  private static String unsolicitedTarget(String relayState) {
    if (relayState == null
        || relayState.isEmpty()
        || PendingLogins.requestIdOf(relayState).isPresent()) {
      return null;
    }
    return relayState;
  }

  @Override
  public String toString() {
    return "acs(SAML2/POST)";
  }
}
