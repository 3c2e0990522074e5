package org.spgate.core.config;

import java.util.List;
import java.util.Map;

/**
 * The identity headers spgate sends to backends.
 *
 * @param prefix put before each attribute id to form the header name; may be empty
 * @param remoteUserHeader the header that carries the user name
 * @param remoteUserAttributes attribute ids tried in order for the user name
 * @param encoding how values are encoded
 * @param maxTotalBytes budget for all identity headers of one request
 * @param sessionHeaders whether {@code Shib-Session-ID}, {@code Shib-Identity-Provider}, ... are
 *     sent
 * @param maxHeaderBytes budget for one identity header (at most {@code maxTotalBytes})
 * @param onOverflow what happens to an attribute over either budget
 * @param profiles the named header profiles routes may choose ({@code profiles}), in file order
 */
public record HeaderConfig(
    String prefix,
    String remoteUserHeader,
    List<String> remoteUserAttributes,
    HeaderEncoding encoding,
    int maxTotalBytes,
    boolean sessionHeaders,
    int maxHeaderBytes,
    HeaderOverflow onOverflow,
    Map<String, HeaderProfile> profiles) {

  /** Copies the collections so the record stays immutable. */
  public HeaderConfig {
    remoteUserAttributes = List.copyOf(remoteUserAttributes);
    profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
  }

  /** Settings without header profiles. */
  public HeaderConfig(
      String prefix,
      String remoteUserHeader,
      List<String> remoteUserAttributes,
      HeaderEncoding encoding,
      int maxTotalBytes,
      boolean sessionHeaders,
      int maxHeaderBytes,
      HeaderOverflow onOverflow) {
    this(
        prefix,
        remoteUserHeader,
        remoteUserAttributes,
        encoding,
        maxTotalBytes,
        sessionHeaders,
        maxHeaderBytes,
        onOverflow,
        Map.of());
  }

  /** Settings that refuse an identity over {@code maxTotalBytes}, with no per-header limit. */
  public HeaderConfig(
      String prefix,
      String remoteUserHeader,
      List<String> remoteUserAttributes,
      HeaderEncoding encoding,
      int maxTotalBytes,
      boolean sessionHeaders) {
    this(
        prefix,
        remoteUserHeader,
        remoteUserAttributes,
        encoding,
        maxTotalBytes,
        sessionHeaders,
        maxTotalBytes,
        HeaderOverflow.REFUSE);
  }

  /** The budget of a route without a {@code headers} block of its own. */
  public HeaderBudget budget() {
    return new HeaderBudget(maxHeaderBytes, maxTotalBytes, onOverflow);
  }
}
