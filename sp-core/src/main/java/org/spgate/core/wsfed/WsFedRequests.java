package org.spgate.core.wsfed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The URLs spgate sends a browser to at a WS-Federation IdP: SP-initiated sign-in ({@code
 * wa=wsignin1.0}) and sign-out ({@code wa=wsignout1.0}), with the parameters Shibboleth SP's ADFS
 * SessionInitiator sends. Every value is form-encoded; the endpoint's own query string, if any, is
 * kept.
 */
public final class WsFedRequests {

  /** The sign-in action. */
  public static final String SIGN_IN = "wsignin1.0";

  private WsFedRequests() {}

  /**
   * The sign-in URL: {@code wa=wsignin1.0&wtrealm=&wreply=&wct=&wctx=}.
   *
   * @param passiveEndpoint the IdP's passive requestor endpoint (from its metadata)
   * @param realm the SP's entityID
   * @param replyUrl the SP's ADFS endpoint URL
   * @param wctx the opaque context value, {@link org.spgate.core.login.PendingLogins#relayStateFor}
   * @param now the current time, sent as {@code wct} in UTC to the second
   */
  public static String signInUrl(
      String passiveEndpoint, String realm, String replyUrl, String wctx, Instant now) {
    String wct = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    return passiveEndpoint
        + separator(passiveEndpoint)
        + "wa="
        + SIGN_IN
        + "&wtrealm="
        + encode(realm)
        + "&wreply="
        + encode(replyUrl)
        + "&wct="
        + encode(wct)
        + "&wctx="
        + encode(wctx);
  }

  /** The sign-out URL: {@code wa=wsignout1.0&wreply=}. */
  public static String signOutUrl(String passiveEndpoint, String replyUrl) {
    return passiveEndpoint
        + separator(passiveEndpoint)
        + "wa="
        + WsFedSignOut.SIGN_OUT
        + "&wreply="
        + encode(replyUrl);
  }

  private static char separator(String endpoint) {
    return endpoint.indexOf('?') < 0 ? '?' : '&';
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
