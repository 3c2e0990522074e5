package org.spgate.devidp;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.spgate.core.credential.SpCredential;

/**
 * Everything a minted SAML 2.0 Response says, valid by default for one SP; tests change one field
 * to make one attack or one boundary. Mutable on purpose (a test fixture builder): each field is
 * public and documented by its name.
 */
public final class ResponseSpec {

  public static final String URI_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
  public static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";

  public String spEntityId;
  public String acsUrl;
  public @Nullable String destination;
  public @Nullable String recipient;
  public List<String> audiences;
  public @Nullable String inResponseTo;
  public @Nullable String confirmationInResponseTo;
  public @Nullable String responseIssuer;
  public String assertionIssuer;
  public String responseId = "_r" + java.util.UUID.randomUUID().toString().replace("-", "");
  public String assertionId = "_a" + java.util.UUID.randomUUID().toString().replace("-", "");
  public @Nullable Instant issueInstant;
  public Duration validity = Duration.ofMinutes(5);
  public @Nullable Instant notBefore;
  public @Nullable Instant notOnOrAfter;
  public @Nullable Instant confirmationNotOnOrAfter;
  public @Nullable Instant authnInstant;
  public @Nullable Instant sessionNotOnOrAfter;
  public String statusCode = "urn:oasis:names:tc:SAML:2.0:status:Success";
  public @Nullable String statusMessage;
  public String nameId = "alice-persistent-id";
  public String nameIdFormat = PERSISTENT;
  public String sessionIndex = "_session-" + java.util.UUID.randomUUID();
  public String authnContextClass =
      "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
  public String attributeNameFormat = URI_FORMAT;
  public Map<String, List<String>> attributes = new LinkedHashMap<>();
  public boolean signResponse = false;
  public boolean signAssertion = true;

  /** The key to sign with; {@code null} means the IdP's own key. */
  public @Nullable SpCredential signingKey;

  /** The XML signature algorithm URI for both signatures. */
  public String signatureAlgorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

  /** The XML signature digest algorithm URI for both signatures. */
  public String digestAlgorithm = "http://www.w3.org/2001/04/xmlenc#sha256";

  /** Encrypt the (signed, if {@link #signAssertion}) assertion for an SP; {@code null}: plain. */
  public @Nullable Encryption encryptFor;

  public boolean includeConditions = true;
  public boolean includeAuthnStatement = true;

  ResponseSpec(String spEntityId, String acsUrl, String idpEntityId) {
    this.spEntityId = spEntityId;
    this.acsUrl = acsUrl;
    this.destination = acsUrl;
    this.recipient = acsUrl;
    this.audiences = List.of(spEntityId);
    this.responseIssuer = idpEntityId;
    this.assertionIssuer = idpEntityId;
  }

  /** Adds an attribute with the default name format. */
  public ResponseSpec attribute(String name, String... values) {
    attributes.put(name, List.of(values));
    return this;
  }
}
