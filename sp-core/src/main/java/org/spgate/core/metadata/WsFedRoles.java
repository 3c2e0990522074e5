package org.spgate.core.metadata;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

/**
 * The two ways metadata describes a WS-Federation (AD FS) IdP: AD FS's own {@code
 * FederationMetadata.xml} with a {@code RoleDescriptor xsi:type="fed:SecurityTokenServiceType"},
 * and Shibboleth-style metadata with an {@code IDPSSODescriptor} that lists the WS-Fed protocol and
 * an SSO endpoint with that binding.
 */
final class WsFedRoles {

  private WsFedRoles() {}

  /**
   * The STS role of an AD FS entity, or {@code null}; AD FS's ApplicationServiceType is skipped.
   */
  static @Nullable Element securityTokenService(Element entity) {
    for (Element role :
        IdpMetadataLoader.children(entity, IdpMetadataLoader.MD, "RoleDescriptor")) {
      String type = role.getAttributeNS(IdpMetadataLoader.XSI, "type");
      int colon = type.indexOf(':');
      String prefix = colon < 0 ? null : type.substring(0, colon);
      String local = colon < 0 ? type : type.substring(colon + 1);
      if (local.equals("SecurityTokenServiceType")
          && IdpMetadataLoader.FED.equals(role.lookupNamespaceURI(prefix))) {
        return role;
      }
    }
    return null;
  }

  /** The {@code fed:PassiveRequestorEndpoint} address of an STS role, or {@code null}. */
  static @Nullable String passiveRequestorEndpoint(Element stsRole) {
    for (Element endpoint :
        IdpMetadataLoader.children(stsRole, IdpMetadataLoader.FED, "PassiveRequestorEndpoint")) {
      for (Element reference :
          IdpMetadataLoader.children(
              endpoint, "http://www.w3.org/2005/08/addressing", "EndpointReference")) {
        for (Element address :
            IdpMetadataLoader.children(
                reference, "http://www.w3.org/2005/08/addressing", "Address")) {
          String url = address.getTextContent().trim();
          if (url.startsWith("https://") || url.startsWith("http://")) {
            return url;
          }
        }
      }
    }
    return null;
  }

  /** The SSO location with the WS-Fed binding of a Shibboleth-style ADFS IdP, or {@code null}. */
  static @Nullable String shibbolethStyleAdfsEndpoint(Element idpRole) {
    for (Element sso :
        IdpMetadataLoader.children(idpRole, IdpMetadataLoader.MD, "SingleSignOnService")) {
      String location = sso.getAttribute("Location");
      if (IdpMetadataLoader.WSFED_PROTOCOL.equals(sso.getAttribute("Binding"))
          && (location.startsWith("https://") || location.startsWith("http://"))) {
        return location;
      }
    }
    return null;
  }
}
