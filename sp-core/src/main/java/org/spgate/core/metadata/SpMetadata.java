package org.spgate.core.metadata;

import java.security.cert.CertificateEncodingException;
import java.util.List;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.NameIDType;
import org.opensaml.saml.saml2.metadata.AssertionConsumerService;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.saml.saml2.metadata.NameIDFormat;
import org.opensaml.saml.saml2.metadata.SPSSODescriptor;
import org.opensaml.saml.saml2.metadata.SingleLogoutService;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.opensaml.OpenSaml;

/**
 * The SP's own metadata, what operators upload to their IdP: the entityID, the assertion consumer
 * endpoints, a signing and an encryption KeyDescriptor per SP credential (two during a key
 * rollover), and the NameID formats spgate understands.
 */
public final class SpMetadata {

  /** The WS-Federation "binding" Shibboleth SP lists for its ADFS endpoint. */
  public static final String WSFED_BINDING = "http://schemas.xmlsoap.org/ws/2003/07/secext";

  /**
   * What goes into the metadata.
   *
   * @param entityId the SP entityID
   * @param acsUrl the SAML 2.0 HTTP-POST assertion consumer URL
   * @param adfsUrl the WS-Federation endpoint URL, or empty for none
   * @param logoutUrl the SAML 2.0 Single Logout endpoint prefix ({@code {handlerPath}/SLO}): the
   *     HTTP-Redirect endpoint is {@code logoutUrl + "/Redirect"}, HTTP-POST {@code "/POST"}; empty
   *     for none
   * @param credentials the SP's key pairs, newest first
   */
  public record Settings(
      String entityId,
      String acsUrl,
      String adfsUrl,
      String logoutUrl,
      List<SpCredential> credentials) {}

  private SpMetadata() {}

  private static SingleLogoutService slo(String binding, String location) {
    SingleLogoutService slo = OpenSaml.build(SingleLogoutService.DEFAULT_ELEMENT_NAME);
    slo.setBinding(binding);
    slo.setLocation(location);
    return slo;
  }

  /** The metadata document as indented XML. */
  public static String generate(Settings settings) {
    OpenSaml.init();
    EntityDescriptor entity = OpenSaml.build(EntityDescriptor.DEFAULT_ELEMENT_NAME);
    entity.setEntityID(settings.entityId());
    SPSSODescriptor sp = OpenSaml.build(SPSSODescriptor.DEFAULT_ELEMENT_NAME);
    sp.addSupportedProtocol(SAMLConstants.SAML20P_NS);
    if (!settings.adfsUrl().isEmpty()) {
      sp.addSupportedProtocol(WSFED_BINDING);
    }
    sp.setAuthnRequestsSigned(true);
    sp.setWantAssertionsSigned(true);
    for (SpCredential credential : settings.credentials()) {
      sp.getKeyDescriptors().add(keyDescriptor(credential, UsageType.SIGNING));
      sp.getKeyDescriptors().add(keyDescriptor(credential, UsageType.ENCRYPTION));
    }
    if (!settings.logoutUrl().isEmpty()) {
      sp.getSingleLogoutServices()
          .add(slo(SAMLConstants.SAML2_REDIRECT_BINDING_URI, settings.logoutUrl() + "/Redirect"));
      sp.getSingleLogoutServices()
          .add(slo(SAMLConstants.SAML2_POST_BINDING_URI, settings.logoutUrl() + "/POST"));
    }
    for (String format :
        List.of(
            NameIDType.PERSISTENT,
            NameIDType.TRANSIENT,
            NameIDType.EMAIL,
            NameIDType.UNSPECIFIED)) {
      NameIDFormat nameIdFormat = OpenSaml.build(NameIDFormat.DEFAULT_ELEMENT_NAME);
      nameIdFormat.setURI(format);
      sp.getNameIDFormats().add(nameIdFormat);
    }
    sp.getAssertionConsumerServices()
        .add(acs(SAMLConstants.SAML2_POST_BINDING_URI, settings.acsUrl(), 1, true));
    if (!settings.adfsUrl().isEmpty()) {
      sp.getAssertionConsumerServices().add(acs(WSFED_BINDING, settings.adfsUrl(), 2, false));
    }
    entity.getRoleDescriptors().add(sp);
    return SerializeSupport.prettyPrintXML(OpenSaml.marshal(entity));
  }

  private static KeyDescriptor keyDescriptor(SpCredential credential, UsageType use) {
    KeyDescriptor descriptor = OpenSaml.build(KeyDescriptor.DEFAULT_ELEMENT_NAME);
    descriptor.setUse(use);
    KeyInfo keyInfo = OpenSaml.build(KeyInfo.DEFAULT_ELEMENT_NAME);
    try {
      KeyInfoSupport.addCertificate(keyInfo, credential.certificate());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    descriptor.setKeyInfo(keyInfo);
    return descriptor;
  }

  private static AssertionConsumerService acs(
      String binding, String location, int index, boolean isDefault) {
    AssertionConsumerService acs = OpenSaml.build(AssertionConsumerService.DEFAULT_ELEMENT_NAME);
    acs.setBinding(binding);
    acs.setLocation(location);
    acs.setIndex(index);
    if (isDefault) {
      acs.setIsDefault(true);
    }
    return acs;
  }
}
