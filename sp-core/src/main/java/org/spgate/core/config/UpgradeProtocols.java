package org.spgate.core.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The protocols a route may let clients switch to ({@code routes[i].upgrade}): RFC 9110 7.8's
 * {@code protocol-name ["/" protocol-version]}, both tokens, compared case-insensitively and kept
 * lower-cased.
 *
 * <p>Protocols that carry HTTP requests ({@code h2c}, {@code h2}, {@code HTTP/…}) are refused:
 * after the switch every byte goes to the backend unseen, so a client could send requests for any
 * path there past spgate's routing and session checks ("h2c smuggling").
 */
final class UpgradeProtocols {

  private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
  private static final Pattern PROTOCOL = Pattern.compile(TOKEN + "(/" + TOKEN + ")?");

  static final ValueType<String> TYPE =
      new ValueType<>(
          "an upgrade protocol token like websocket",
          text -> {
            if (!PROTOCOL.matcher(text).matches()) {
              throw new IllegalArgumentException(
                  "expected an upgrade protocol token like websocket (RFC 9110 7.8), got "
                      + ValueType.quote(text));
            }
            String lower = text.toLowerCase(Locale.ROOT);
            String name = lower.contains("/") ? lower.substring(0, lower.indexOf('/')) : lower;
            if (name.equals("h2c") || name.equals("h2") || name.equals("http")) {
              throw new IllegalArgumentException(
                  ValueType.quote(text)
                      + " carries HTTP requests: after the switch a client could reach any path of"
                      + " the backend past spgate's checks; only protocols like websocket can be"
                      + " relayed");
            }
            return lower;
          });

  private UpgradeProtocols() {}
}
