package org.spgate.server.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.spgate.core.config.HeaderConfig;
import org.spgate.core.session.Session;

/**
 * The identity headers a backend receives, computed once at start: one header per attribute id
 * (prefix + id), the remote-user header, and the session headers a Shibboleth SP exports — and the
 * normalised names of all of them, which no client-sent header may carry.
 */
public final class IdentityHeaders {

  /** Shibboleth's session headers, in the order mod_shib sends them. */
  static final List<String> SESSION_HEADERS =
      List.of(
          "Shib-Session-ID",
          "Shib-Session-Index",
          "Shib-Session-Expires",
          "Shib-Session-Inactivity",
          "Shib-Identity-Provider",
          "Shib-Authentication-Method",
          "Shib-Authentication-Instant",
          "Shib-AuthnContext-Class",
          "Shib-AuthnContext-Decl",
          "Shib-Application-ID",
          "Shib-Handler",
          "Shib-Cookie-Name",
          "Shib-Assertion-Count");

  private final Map<String, HttpString> attributeHeaders;
  private final HttpString remoteUser;
  private final List<String> remoteUserAttributes;
  private final boolean sessionHeaders;
  private final String handlerUrl;
  private final long timeoutSeconds;
  private final HeaderValueEncoder encoder;
  private final Set<String> spoofable;
  private final String normalPrefix;
  private final int maxTotalBytes;
  private final HttpString[] session;

  /**
   * @param config the header settings
   * @param attributeIds every id and alias of the attribute map
   * @param handlerUrl the absolute handler URL for {@code Shib-Handler}
   * @param timeoutSeconds the inactivity timeout for {@code Shib-Session-Inactivity}
   */
  public IdentityHeaders(
      HeaderConfig config, Set<String> attributeIds, String handlerUrl, long timeoutSeconds) {
    Map<String, HttpString> names = new HashMap<>();
    Set<String> normals = new HashSet<>();
    for (String id : attributeIds) {
      HttpString name = new HttpString(config.prefix() + id);
      names.put(id, name);
      normals.add(HeaderNames.normal(name.toString()));
    }
    this.attributeHeaders = Map.copyOf(names);
    this.remoteUser = new HttpString(config.remoteUserHeader());
    normals.add(HeaderNames.normal(config.remoteUserHeader()));
    // Backends written for mod_shib read REMOTE_USER whatever spgate sends; never let a client
    // provide it.
    normals.add("remote-user");
    this.session = SESSION_HEADERS.stream().map(HttpString::new).toArray(HttpString[]::new);
    for (String name : SESSION_HEADERS) {
      normals.add(HeaderNames.normal(name));
    }
    this.spoofable = Set.copyOf(normals);
    this.normalPrefix = HeaderNames.normal(config.prefix());
    this.remoteUserAttributes = List.copyOf(config.remoteUserAttributes());
    this.sessionHeaders = config.sessionHeaders();
    this.handlerUrl = handlerUrl;
    this.timeoutSeconds = timeoutSeconds;
    this.encoder = new HeaderValueEncoder(config.encoding());
    this.maxTotalBytes = config.maxTotalBytes();
  }

  /** Whether a client-sent header named {@code name} must be removed. */
  public boolean isSpoofable(String name) {
    return isSpoofableNormal(HeaderNames.normal(name));
  }

  /** As {@link #isSpoofable}, for a name already in {@link HeaderNames#normal} form. */
  boolean isSpoofableNormal(String normal) {
    return spoofable.contains(normal)
        || (!normalPrefix.isEmpty() && normal.startsWith(normalPrefix));
  }

  /** Adds the identity headers of {@code session} to {@code headers} (already cleaned). */
  public void add(HeaderMap headers, Session session, long nowEpochSecond) {
    forEach(session, nowEpochSecond, headers::put);
  }

  /**
   * Adds the remote-user header for a user who has no session ({@code identity: certificate}),
   * encoded like every identity value (no control character reaches the backend raw).
   */
  public void addRemoteUser(HeaderMap headers, String user) {
    headers.put(remoteUser, encoder.encodeOne(user));
  }

  /** The size in bytes of all identity headers of {@code session} (names, values, separators). */
  public int sizeOf(Session session) {
    int[] total = {0};
    forEach(
        session,
        session.createdEpochSecond(),
        (name, value) -> total[0] += name.length() + value.length() + 4);
    return total[0];
  }

  /** Receives each identity header, name and encoded value. */
  private interface HeaderSink {
    void accept(HttpString name, String value);
  }

  private void forEach(Session session, long nowEpochSecond, HeaderSink sink) {
    session
        .attributes()
        .forEachPacked(
            (id, values) -> {
              HttpString name = attributeHeaders.get(id);
              if (name != null) {
                sink.accept(name, encoder.encodePacked(values));
              }
            });
    String user = remoteUserOf(session);
    if (user != null) {
      sink.accept(remoteUser, encoder.encodeOne(user));
    }
    if (sessionHeaders) {
      sessionHeaders(session, nowEpochSecond, sink);
    }
  }

  /** Whether {@code session}'s headers fit the configured budget. */
  public boolean fitsBudget(Session session) {
    return sizeOf(session) <= maxTotalBytes;
  }

  /** The budget in bytes. */
  public int maxTotalBytes() {
    return maxTotalBytes;
  }

  /** The attribute ids tried, in order, for the remote user ({@code remoteUserAttributes}). */
  public List<String> remoteUserAttributes() {
    return remoteUserAttributes;
  }

  /** The remote user: the first value of the first configured attribute that has one. */
  public @Nullable String remoteUserOf(Session session) {
    for (String id : remoteUserAttributes) {
      List<String> values = session.attributes().get(id);
      if (!values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }

  private void sessionHeaders(Session s, long now, HeaderSink sink) {
    String[] values = {
      s.publicId(),
      s.sessionIndex(),
      Long.toString(s.expiresEpochSecond()),
      Long.toString(Math.min(now + timeoutSeconds, s.expiresEpochSecond())),
      s.idpEntityId(),
      s.authnMethod(),
      s.authnInstant(),
      s.authnContextClass(),
      null,
      "default",
      handlerUrl,
      null,
      null
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !values[i].isEmpty()) {
        sink.accept(session[i], encoder.encodeOne(values[i]));
      }
    }
  }

  /** All header names spgate sets, for documentation and the session page. */
  public List<String> names() {
    List<String> all = new ArrayList<>();
    attributeHeaders.values().forEach(n -> all.add(n.toString()));
    all.add(remoteUser.toString());
    all.addAll(SESSION_HEADERS);
    return all;
  }
}
