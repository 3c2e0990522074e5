package org.spgate.devidp.server;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.web.Html;

/**
 * The HTML the development IdP renders: the login page, the auto-submitting response form and error
 * pages. Every value is escaped here; callers pass plain text.
 */
final class DevIdpPages {

  static final String BANNER = "DEVELOPMENT IdP — not for production";

  private DevIdpPages() {}

  /** The login form; the request travels along in hidden fields and is checked again on POST. */
  static String login(
      String action,
      String samlRequest,
      @Nullable String relayState,
      List<DevUser> users,
      @Nullable String error,
      String username) {
    StringBuilder body = new StringBuilder(banner()).append("<h1>Sign in</h1>");
    if (error != null) {
      body.append("<p role=\"alert\" style=\"color:#a00\"><strong>")
          .append(Html.escape(error))
          .append("</strong></p>");
    }
    body.append("<form method=\"post\" action=\"")
        .append(Html.escape(action))
        .append("\">")
        .append(hidden("SAMLRequest", samlRequest));
    if (relayState != null) {
      body.append(hidden("RelayState", relayState));
    }
    body.append("<p><label>Username <input name=\"username\" autocomplete=\"username\" value=\"")
        .append(Html.escape(username))
        .append("\" required autofocus></label></p>")
        .append(
            "<p><label>Password <input name=\"password\" type=\"password\""
                + " autocomplete=\"current-password\" required></label></p>")
        .append("<p><button type=\"submit\">Sign in</button></p></form>")
        .append(
            "<h2>Test users</h2><table><tr><th>username</th><th>password</th>"
                + "<th>name</th></tr>");
    for (DevUser user : users) {
      body.append("<tr><td>")
          .append(Html.escape(user.username()))
          .append("</td><td>")
          .append(Html.escape(user.password()))
          .append("</td><td>")
          .append(Html.escape(user.displayName()))
          .append("</td></tr>");
    }
    body.append("</table>");
    return Html.page("Development IdP: sign in", body.toString());
  }

  /** A form that POSTs the response to the ACS: by script when allowed, else by its button. */
  static String autoPost(
      String acsUrl, String samlResponse, @Nullable String relayState, String nonce) {
    StringBuilder body =
        new StringBuilder(banner())
            .append("<p>Signed in; returning to the service…</p>")
            .append("<form method=\"post\" action=\"")
            .append(Html.escape(acsUrl))
            .append("\">")
            .append(hidden("SAMLResponse", samlResponse));
    if (relayState != null) {
      body.append(hidden("RelayState", relayState));
    }
    body.append("<noscript><button type=\"submit\">Continue</button></noscript></form>")
        .append("<script nonce=\"")
        .append(Html.escape(nonce))
        .append("\">document.forms[0].submit();</script>");
    return Html.page("Development IdP: continue", body.toString());
  }

  /** The CSP of {@link #autoPost}: one inline script by nonce, forms only to the ACS origin. */
  static String autoPostCsp(String acsOrigin, String nonce) {
    return "default-src 'none'; script-src 'nonce-"
        + nonce
        + "'; style-src 'unsafe-inline';"
        + " form-action "
        + acsOrigin
        + "; frame-ancestors 'none'; base-uri 'none'";
  }

  /** The home page: who is signed in here, and the button that logs out of everything. */
  static String home(@Nullable DevUser user) {
    StringBuilder body = new StringBuilder(banner()).append("<h1>Development IdP</h1>");
    if (user == null) {
      body.append("<p>Not signed in.</p>");
    } else {
      body.append("<p>Signed in as <strong>")
          .append(Html.escape(user.username()))
          .append("</strong> (")
          .append(Html.escape(user.displayName()))
          .append(").</p>")
          .append("<form method=\"post\" action=\"/logout\">")
          .append("<p><button type=\"submit\">Log out of everything</button></p></form>");
    }
    return Html.page("Development IdP", body.toString());
  }

  /** The page at the end of a logout, saying {@code message}. */
  static String signedOut(String message) {
    return Html.page(
        "Development IdP: signed out",
        banner() + "<h1>Signed out</h1><p>" + Html.escape(message) + "</p>");
  }

  /** An error page naming what was wrong with the request. */
  static String error(String message) {
    return Html.page(
        "Development IdP: bad request",
        banner() + "<h1>Bad request</h1><p>" + Html.escape(message) + "</p>");
  }

  private static String banner() {
    return "<p style=\"background:#b00;color:#fff;padding:.6rem 1rem;font-weight:bold\">"
        + Html.escape(BANNER)
        + "</p>";
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
  }
}
