package org.spgate.devidp;

import java.security.cert.CertificateEncodingException;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.SingleSignOnService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;

/** SAML metadata for the development IdP: its entityID, signing certificate and SSO endpoint. */
public final class IdpMetadataWriter {

  private IdpMetadataWriter() {}

  /** An EntityDescriptor with an IDPSSODescriptor whose HTTP-Redirect SSO is {@code ssoUrl}. */
  public static String write(
      String entityId, String ssoUrl, SpCredential key, boolean wantAuthnRequestsSigned) {
    return write(entityId, ssoUrl, key, wantAuthnRequestsSigned, null);
  }

  /**
   * As {@link #write(String, String, SpCredential, boolean)}, and when {@code wsFedUrl} is given
   * also a WS-Federation passive endpoint, described the Shibboleth way (an SSO service with the
   * {@code http://schemas.xmlsoap.org/ws/2003/07/secext} binding).
   */
  public static String write(
      String entityId,
      String ssoUrl,
      SpCredential key,
      boolean wantAuthnRequestsSigned,
      @org.jspecify.annotations.Nullable String wsFedUrl) {
    return write(entityId, ssoUrl, key, wantAuthnRequestsSigned, wsFedUrl, null);
  }

  /**
   * As {@link #write(String, String, SpCredential, boolean, String)}, and when {@code sloUrl} is
   * given also a SAML 2.0 HTTP-Redirect SingleLogoutService there.
   */
  public static String write(
      String entityId,
      String ssoUrl,
      SpCredential key,
      boolean wantAuthnRequestsSigned,
      @org.jspecify.annotations.Nullable String wsFedUrl,
      @org.jspecify.annotations.Nullable String sloUrl) {
    OpenSaml.init();
    EntityDescriptor entity = OpenSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
    entity.setEntityID(entityId);
    IDPSSODescriptor idp = OpenSaml.build(IDPSSODescriptor.DEFAULT_ELEMENT_NAME);
    idp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
    idp.setWantAuthnRequestsSigned(wantAuthnRequestsSigned);
    KeyDescriptor descriptor = OpenSaml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
    descriptor.setUse(UsageType.SIGNING);
    KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
    try {
      KeyInfoSupport.addCertificate(keyInfo, key.certificate());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    descriptor.setKeyInfo(keyInfo);
    idp.getKeyDescriptors().add(descriptor);
    SingleSignOnService sso = OpenSaml.build(SingleSignOnService.DEFAULT_ELEMENT_NAME);
    sso.setBinding(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
    sso.setLocation(ssoUrl);
    idp.getSingleSignOnServices().add(sso);
    if (sloUrl != null) {
      org.opensaml.saml.saml2.metadata.SingleLogoutService slo =
          OpenSaml.build(org.opensaml.saml.saml2.metadata.SingleLogoutService.DEFAULT_ELEMENT_NAME);
      slo.setBinding(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
      slo.setLocation(sloUrl);
      idp.getSingleLogoutServices().add(slo);
    }
    if (wsFedUrl != null) {
      idp.addSupportedProtocol(org.spgate.core.metadata.SpMetadata.WSFED_BINDING);
      SingleSignOnService passive = OpenSaml.build(SingleSignOnService.DEFAULT_ELEMENT_NAME);
      passive.setBinding(org.spgate.core.metadata.SpMetadata.WSFED_BINDING);
      passive.setLocation(wsFedUrl);
      idp.getSingleSignOnServices().add(passive);
    }
    entity.getRoleDescriptors().add(idp);
    return SerializeSupport.prettyPrintXML(OpenSaml.marshal(entity));
  }
}
