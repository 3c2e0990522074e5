package org.spgate.core.saml2;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameIDPolicy;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.metadata.Endpoint;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.XmlSigner;

/**
 * Builds SAML 2.0 AuthnRequests with OpenSAML's object model (never string templates) and encodes
 * them for the IdP's preferred binding: HTTP-Redirect (deflate, base64, and when the IdP asks for
 * signed requests a query-string signature with RSA-SHA256), else HTTP-POST (enveloped signature).
 */
public final class AuthnRequestFactory {

  private final String spEntityId;
  private final String acsUrl;
  private final SpCredential signingCredential;
  private final Clock clock;

  public AuthnRequestFactory(
      String spEntityId, String acsUrl, SpCredential signingCredential, Clock clock) {
    OpenSaml.init();
    this.spEntityId = spEntityId;
    this.acsUrl = acsUrl;
    this.signingCredential = signingCredential;
    this.clock = clock;
  }

  /** A request with ID {@code requestId} to {@code idp}, carrying {@code relayState}. */
  public LoginRequest create(IdpDescriptor idp, String requestId, String relayState) {
    Endpoint redirect = idp.ssoService(IdpDescriptor.REDIRECT_BINDING).orElse(null);
    if (redirect != null) {
      AuthnRequest request = build(requestId, redirect.location());
      String xml = OpenSaml.toXml(request);
      return new LoginRequest(
          redirectUrl(redirect.location(), xml, relayState, idp.wantAuthnRequestsSigned()),
          null,
          null,
          null);
    }
    Endpoint post =
        idp.ssoService(IdpDescriptor.POST_BINDING)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "IdP " + idp.entityId() + " has no SAML 2.0 SSO endpoint"));
    AuthnRequest request = build(requestId, post.location());
    if (idp.wantAuthnRequestsSigned()) {
      XmlSigner.sign(request, signingCredential.toOpenSaml());
    }
    String encoded =
        Base64.getEncoder()
            .encodeToString(OpenSaml.toXml(request).getBytes(StandardCharsets.UTF_8));
    return new LoginRequest(null, post.location(), encoded, relayState);
  }

  private AuthnRequest build(String requestId, String destination) {
    AuthnRequest request = OpenSaml.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
    request.setID(requestId);
    request.setVersion(SAMLVersion.VERSION_20);
    request.setIssueInstant(clock.instant());
    request.setDestination(destination);
    request.setAssertionConsumerServiceURL(acsUrl);
    request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
    Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
    issuer.setValue(spEntityId);
    request.setIssuer(issuer);
    NameIDPolicy policy = OpenSaml.build(NameIDPolicy.DEFAULT_ELEMENT_NAME);
    policy.setAllowCreate(true);
    request.setNameIDPolicy(policy);
    return request;
  }

  private String redirectUrl(String location, String xml, String relayState, boolean sign) {
    StringBuilder query = new StringBuilder("SAMLRequest=").append(encode(deflate(xml)));
    query.append("&RelayState=").append(encode(relayState));
    if (sign) {
      query.append("&SigAlg=").append(encode(AlgorithmPolicy.RSA_SHA256));
      // Sign before appending: the signed octets end at SigAlg (SAML bindings 3.4.4.1).
      String signature = signQuery(query.toString());
      query.append("&Signature=").append(encode(signature));
    }
    return location + (location.contains("?") ? "&" : "?") + query;
  }

  private String signQuery(String signedPart) {
    try {
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
      signer.initSign(signingCredential.privateKey());
      signer.update(signedPart.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the AuthnRequest", e);
    }
  }

  /** Raw DEFLATE (RFC 1951) then base64, as the HTTP-Redirect binding requires (3.4.4.1). */
  static String deflate(String xml) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.DEFLATED, true);
    try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
      out.write(xml.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } finally {
      deflater.end();
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static String encode(@Nullable String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
