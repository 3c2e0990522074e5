package org.spgate.server.proxy.upgrade;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The protocols a client asked to switch to, noted before the request is cleaned: the cleaner
 * removes {@code Upgrade} and {@code Connection} (hop-by-hop) from every request, and only a route
 * that allows upgrades puts them back ({@link UpgradeRelay}). An offer counts only as RFC 9110 7.8
 * defines it: an HTTP/1.1 request (an {@code Upgrade} in HTTP/1.0 is ignored) whose {@code
 * Connection} names {@code upgrade}.
 */
public final class UpgradeOffer {

  private static final AttachmentKey<UpgradeOffer> KEY = AttachmentKey.create(UpgradeOffer.class);

  /** The offered protocols in the client's order and spelling. */
  final List<String> protocols;

  private UpgradeOffer(List<String> protocols) {
    this.protocols = protocols;
  }

  /** Notes {@code exchange}'s upgrade offer, if it makes one; call before cleaning the request. */
  public static void capture(HttpServerExchange exchange) {
    HeaderValues upgrade = exchange.getRequestHeaders().get(Headers.UPGRADE);
    if (upgrade == null || !exchange.getProtocol().equals(Protocols.HTTP_1_1)) {
      return;
    }
    HeaderValues connection = exchange.getRequestHeaders().get(Headers.CONNECTION);
    boolean named = false;
    for (int i = 0; connection != null && i < connection.size(); i++) {
      named |= namesUpgrade(connection.get(i));
    }
    if (!named) {
      return;
    }
    List<String> protocols = new ArrayList<>();
    for (String value : upgrade) {
      for (String token : value.split(",")) {
        String t = token.trim();
        if (!t.isEmpty()) {
          protocols.add(t);
        }
      }
    }
    if (!protocols.isEmpty()) {
      exchange.putAttachment(KEY, new UpgradeOffer(protocols));
    }
  }

  /** Whether a {@code Connection} value lists the {@code upgrade} option (case-insensitive). */
  private static boolean namesUpgrade(String connection) {
    for (String token : connection.split(",")) {
      if (token.trim().equalsIgnoreCase("upgrade")) {
        return true;
      }
    }
    return false;
  }

  /** The offer noted for {@code exchange}, or null. */
  static @Nullable UpgradeOffer of(HttpServerExchange exchange) {
    return exchange.getAttachment(KEY);
  }

  /** The offered protocols that {@code allowed} (lower-cased) lists, in the client's order. */
  List<String> allowedBy(List<String> allowed) {
    List<String> kept = new ArrayList<>(protocols.size());
    for (String p : protocols) {
      if (allowed.contains(p.toLowerCase(Locale.ROOT))) {
        kept.add(p);
      }
    }
    return kept;
  }
}
