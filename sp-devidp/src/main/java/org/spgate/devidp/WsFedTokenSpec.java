package org.spgate.devidp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.spgate.core.credential.SpCredential;

/**
 * Everything a minted WS-Federation sign-in token says, valid by default for one realm and shaped
 * like AD FS's: a WS-Trust 1.3 collection around a signed SAML 1.1 assertion with claims. Tests
 * change one field to make one attack or one boundary. Mutable on purpose, like {@link
 * ResponseSpec}.
 */
public final class WsFedTokenSpec {

  /** AD FS's claim namespace for identity claims (upn, emailaddress, givenname, surname, name). */
  public static final String CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";

  /** AD FS's claim namespace for role and groups. */
  public static final String MS_CLAIMS = "http://schemas.microsoft.com/ws/2008/06/identity/claims";

  /** SAML 1.1 email-address NameIdentifier format. */
  public static final String EMAIL_FORMAT =
      "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

  /** The token inside RequestedSecurityToken. */
  public enum TokenType {
    /** SAML 1.1 Assertion, AD FS's default for WS-Federation. */
    SAML11,
    /** SAML 2.0 Assertion. */
    SAML20
  }

  /** The shape of the wresult root. */
  public enum RstrForm {
    /** WS-Trust February 2005 RequestSecurityTokenResponse (AD FS 1.x). */
    TRUST_2005,
    /** WS-Trust 1.3 RequestSecurityTokenResponseCollection (AD FS 2.0 and later). */
    TRUST_13
  }

  /** One SAML 1.1 attribute in AD FS claim form: namespace + short name. */
  public record Claim(String namespace, String name, List<String> values) {
    public Claim {
      values = List.copyOf(values);
    }

    /** The claim type URI AD FS uses as the SAML 2.0 attribute name. */
    public String uri() {
      return namespace + "/" + name;
    }
  }

  public TokenType tokenType = TokenType.SAML11;
  public RstrForm form = RstrForm.TRUST_13;
  public String realm;
  public List<String> audiences;
  public @Nullable String appliesTo;
  public String issuer;
  public String assertionId = "_" + UUID.randomUUID();
  public @Nullable Instant issueInstant;
  public Duration validity = Duration.ofMinutes(5);
  public @Nullable Instant notBefore;
  public @Nullable Instant notOnOrAfter;
  public boolean includeLifetime = true;
  public @Nullable Instant lifetimeCreated;
  public @Nullable Instant lifetimeExpires;
  public @Nullable Instant authnInstant;
  public String authnMethod = "urn:oasis:names:tc:SAML:1.0:am:password";
  public @Nullable String nameIdentifier = "alice@example.org";
  public @Nullable String nameIdentifierFormat = EMAIL_FORMAT;
  public @Nullable String nameQualifier;
  public List<Claim> claims = new ArrayList<>();
  public boolean signed = true;

  /** The key to sign with; {@code null} means the IdP's own key. */
  public @Nullable SpCredential signingKey;

  WsFedTokenSpec(String realm, String idpEntityId) {
    this.realm = realm;
    this.audiences = List.of(realm);
    this.appliesTo = realm;
    this.issuer = idpEntityId;
  }

  /** Adds a claim. */
  public WsFedTokenSpec claim(String namespace, String name, String... values) {
    claims.add(new Claim(namespace, name, List.of(values)));
    return this;
  }
}
