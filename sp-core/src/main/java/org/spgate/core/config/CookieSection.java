package org.spgate.core.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code cookie} section into a {@link CookieConfig}, checking it against publicUrl.
 *
 * <p>{@code secure: false} with an https publicUrl is allowed (TLS may end at a proxy in front of a
 * plain-http hop the browser also uses); {@code secure: true} with an http publicUrl is refused
 * because browsers drop a Secure cookie set over http, and logins would loop.
 */
final class CookieSection {

  static final String SECURE_NAME = "__Host-spgate";
  static final String PLAIN_NAME = "spgate_session";

  private static final ValueType<String> SAME_SITE = ValueType.oneOf(sameSites());

  private CookieSection() {}

  /** The cookie settings; {@code publicUrl} is null when it was missing or wrong. */
  static CookieConfig read(YamlMapping cookie, @Nullable URI publicUrl) {
    boolean https = publicUrl == null || "https".equals(publicUrl.getScheme());
    Boolean secureSetting = cookie.optional("secure", ValueType.BOOLEAN);
    boolean secure = secureSetting == null ? https : secureSetting;
    if (secure && !https) {
      cookie.problem(
          "secure",
          "secure: true needs an https publicUrl; browsers drop Secure cookies over http");
    }
    String name = cookie.get("name", HeaderTokens.NAME, secure ? SECURE_NAME : PLAIN_NAME);
    if (!secure && (name.startsWith("__Host-") || name.startsWith("__Secure-"))) {
      cookie.problem(
          "name", "a cookie named __Host-... or __Secure-... needs secure: true; browsers drop it");
    }
    String sameSite = cookie.get("sameSite", SAME_SITE, "Lax");
    if (sameSite.equals("None") && !secure) {
      cookie.problem("sameSite", "sameSite: None needs secure: true; browsers drop it otherwise");
    }
    cookie.finish();
    return new CookieConfig(name, secure, sameSite);
  }

  private static Map<String, String> sameSites() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("Lax", "Lax");
    values.put("Strict", "Strict");
    values.put("None", "None");
    return values;
  }
}
