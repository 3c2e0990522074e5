package org.spgate.core.metadata.remote;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.spgate.core.check.Rejection;
import org.spgate.core.config.ConfigException;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.xml.LocatedXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Everything a remote document must pass before any of its keys is trusted: well-formed XML through
 * the hardened parser, a SAML metadata root, the enveloped signature on the root with the
 * configured key ({@link SignatureVerifier#verifyDocument}) unless the operator opted out, and a
 * root {@code validUntil} in the future. Also reads the root's {@code cacheDuration}.
 */
public final class SignedMetadataCheck {

  static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

  /** A document that passed, and when to look again. */
  public record Checked(
      Document document, @Nullable Instant validUntil, @Nullable Duration cacheDuration) {}

  private final SignatureVerifier signatures;
  private final @Nullable List<PublicKey> signingKeys;
  private final Clock clock;
  private final @Nullable Duration maxValidity;

  /**
   * @param signingKeys the keys one of which must have signed the document; {@code null} when the
   *     operator set {@code insecureNoSignatureCheck}
   */
  public SignedMetadataCheck(
      SignatureVerifier signatures, @Nullable List<PublicKey> signingKeys, Clock clock) {
    this(signatures, signingKeys, clock, null);
  }

  /**
   * @param maxValidity when set, a document must carry {@code validUntil}, at most this far ahead
   *     (Shibboleth's {@code RequireValidUntil maxValidityInterval})
   */
  public SignedMetadataCheck(
      SignatureVerifier signatures,
      @Nullable List<PublicKey> signingKeys,
      Clock clock,
      @Nullable Duration maxValidity) {
    this.signatures = signatures;
    this.signingKeys = signingKeys == null ? null : List.copyOf(signingKeys);
    this.clock = clock;
    this.maxValidity = maxValidity;
  }

  /** Checks {@code xml}; {@code source} names it in problems. */
  public Checked check(byte[] xml, Path source) throws MetadataRefused {
    Document document;
    try {
      document = LocatedXml.read(new ByteArrayInputStream(xml), source);
    } catch (ConfigException e) {
      var problem = e.problems().get(0);
      throw new MetadataRefused("line " + problem.line() + ": " + problem.message());
    }
    Element root = document.getDocumentElement();
    if (!MD.equals(root.getNamespaceURI())
        || !("EntitiesDescriptor".equals(root.getLocalName())
            || "EntityDescriptor".equals(root.getLocalName()))) {
      throw new MetadataRefused("not SAML metadata: root element " + root.getLocalName());
    }
    if (signingKeys != null) {
      try {
        signatures.verifyDocument(document, signingKeys);
      } catch (Rejection e) {
        throw new MetadataRefused(
            "signature refused (" + e.reason().code() + "): " + e.getMessage());
      }
    }
    Instant validUntil = validUntil(root);
    if (validUntil != null && !clock.instant().isBefore(validUntil)) {
      throw new MetadataRefused("expired: validUntil " + validUntil + " has passed");
    }
    if (maxValidity != null) {
      if (validUntil == null) {
        throw new MetadataRefused("no validUntil, and maxValidity requires one");
      }
      if (validUntil.isAfter(clock.instant().plus(maxValidity))) {
        throw new MetadataRefused(
            "validUntil " + validUntil + " is further ahead than maxValidity " + maxValidity);
      }
    }
    return new Checked(document, validUntil, cacheDuration(root));
  }

  private static @Nullable Instant validUntil(Element root) throws MetadataRefused {
    String value = root.getAttribute("validUntil");
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new MetadataRefused("validUntil '" + value + "' is not an xs:dateTime in UTC");
    }
  }

  /** The root's cacheDuration; a form Java cannot read (months, years) counts as absent. */
  private static @Nullable Duration cacheDuration(Element root) {
    String value = root.getAttribute("cacheDuration");
    if (value.isEmpty()) {
      return null;
    }
    try {
      Duration duration = Duration.parse(value);
      return duration.isNegative() ? null : duration;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
