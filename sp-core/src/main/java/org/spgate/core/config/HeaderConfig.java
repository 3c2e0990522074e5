package org.spgate.core.config;

import java.util.List;

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
 */
public record HeaderConfig(
    String prefix,
    String remoteUserHeader,
    List<String> remoteUserAttributes,
    HeaderEncoding encoding,
    int maxTotalBytes,
    boolean sessionHeaders) {

  /** Copies the list so the record stays immutable. */
  public HeaderConfig {
    remoteUserAttributes = List.copyOf(remoteUserAttributes);
  }
}
