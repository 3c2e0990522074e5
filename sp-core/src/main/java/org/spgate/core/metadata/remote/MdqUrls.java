package org.spgate.core.metadata.remote;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a Metadata Query responder serves one entity: {@code {base}/entities/{id}}, with the
 * entityID in its transformed form {@code {sha1}} + the lower-case hex SHA-1 of its UTF-8 bytes
 * (draft-young-md-query-saml, section 2.2), percent-encoded as a path segment
 * (draft-young-md-query, section 3): {@code %7Bsha1%7D…}. The transformed form keeps an attacker's
 * entityID (any string in an Issuer) out of the URL: only 40 hex digits of it reach the responder.
 */
final class MdqUrls {

  private MdqUrls() {}

  /** The URL of {@code entityId}'s metadata at the responder {@code base}. */
  static URI entity(URI base, String entityId) {
    String prefix = base.toString().replaceAll("/+$", "");
    return URI.create(prefix + "/entities/%7Bsha1%7D" + sha1Hex(entityId));
  }

  static String sha1Hex(String entityId) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(sha1.digest(entityId.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
