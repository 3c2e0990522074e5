package org.spgate.core.saml2;

import org.jspecify.annotations.Nullable;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.core.Response;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Finds the one issuer of a Response: the Assertion's Issuer is required, the Response's is
 * optional but must then be equal; both must have the entity format (SAML profiles 4.1.4.2).
 */
public final class IssuerCheck {

  private IssuerCheck() {}

  static String issuerOf(Response response, Assertion assertion) throws Rejection {
    String assertionIssuer = issuerOf(assertion);
    String responseIssuer = value(response.getIssuer(), "Response");
    if (responseIssuer != null && !responseIssuer.equals(assertionIssuer)) {
      throw new Rejection(
          Reason.ISSUER_MISMATCH,
          "Response issuer '"
              + responseIssuer
              + "' differs from Assertion issuer '"
              + assertionIssuer
              + "'");
    }
    return assertionIssuer;
  }

  /** The Assertion's Issuer, which is required and must have the entity format. */
  public static String issuerOf(Assertion assertion) throws Rejection {
    String issuer = value(assertion.getIssuer(), "Assertion");
    if (issuer == null) {
      throw new Rejection(Reason.INCOMPLETE_ASSERTION, "Assertion has no Issuer");
    }
    return issuer;
  }

  /**
   * The Issuer of a signed Response whose assertion is still encrypted: required, since it selects
   * the keys that verify the Response before anything is decrypted.
   */
  static String signedResponseIssuer(Response response) throws Rejection {
    String issuer = value(response.getIssuer(), "Response");
    if (issuer == null) {
      throw new Rejection(
          Reason.ISSUER_MISMATCH, "signed Response with an encrypted assertion has no Issuer");
    }
    return issuer;
  }

  private static @Nullable String value(@Nullable Issuer issuer, String where) throws Rejection {
    if (issuer == null) {
      return null;
    }
    String format = issuer.getFormat();
    if (format != null && !format.equals(NameIDType.ENTITY)) {
      throw new Rejection(Reason.ISSUER_MISMATCH, where + " Issuer has format " + format);
    }
    String value = issuer.getValue();
    return value == null || value.isBlank() ? null : value.strip();
  }
}
