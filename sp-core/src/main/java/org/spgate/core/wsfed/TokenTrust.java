package org.spgate.core.wsfed;

import org.opensaml.saml.common.SignableSAMLObject;
import org.spgate.core.assertion.TimeWindow;
import org.spgate.core.check.Rejection;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.SignatureVerifier;

/**
 * What both token verifiers check a token against: the WS-Fed settings, the trusted IdPs, the
 * signature verifier and the clock window.
 */
record TokenTrust(
    WsFedSettings settings, IdpRegistry idps, SignatureVerifier signatures, TimeWindow time) {

  /** Verifies {@code token}'s signature with the metadata keys of {@code issuer}, a trusted IdP. */
  void verifySignature(SignableSAMLObject token, String issuer) throws Rejection {
    signatures.verify(token, idps.trusted(issuer).signingKeys());
  }
}
