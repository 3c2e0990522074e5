package org.spgate.server.logout;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URI;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.web.Html;

/**
 * The page that carries a LogoutRequest to an IdP's HTTP-POST SingleLogoutService: a form that
 * submits itself, with a button for browsers without scripts — the shape of the login start's POST
 * form ({@code login.LoginStarter}). Its CSP allows that one inline script and form submission only
 * to the IdP's origin.
 */
final class LogoutPostForm {

  private LogoutPostForm() {}

  /** Answers {@code exchange} with the form posting {@code outgoing} to its location. */
  static void send(HttpServerExchange exchange, LogoutStarter.Outgoing outgoing) {
    String samlRequest = String.valueOf(outgoing.postedRequest());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange
        .getResponseHeaders()
        .put(
            Headers.CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
                + " form-action "
                + origin(outgoing.location())
                + "; frame-ancestors 'none'");
    exchange
        .getResponseSender()
        .send(
            Html.page(
                "Signing out",
                "<form method=\"post\" action=\""
                    + Html.escape(outgoing.location())
                    + "\">"
                    + "<input type=\"hidden\" name=\""
                    + RedirectBinding.REQUEST
                    + "\" value=\""
                    + Html.escape(samlRequest)
                    + "\">"
                    + "<noscript><button type=\"submit\">Continue to sign out</button></noscript>"
                    + "</form><script>document.forms[0].submit()</script>"));
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
