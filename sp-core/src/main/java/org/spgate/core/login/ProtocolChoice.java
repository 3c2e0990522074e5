package org.spgate.core.login;

import org.spgate.core.assertion.Protocol;
import org.spgate.core.config.LoginProtocol;
import org.spgate.core.metadata.IdpDescriptor;

/** Which protocol a login at an IdP uses, from the configuration and the IdP's metadata. */
public final class ProtocolChoice {

  private ProtocolChoice() {}

  /**
   * SAML 2.0 when configured, or by default when the IdP has a SAML 2.0 SSO endpoint; else
   * WS-Federation. Start-up fails if the chosen protocol has no endpoint in the metadata.
   */
  public static Protocol choose(IdpDescriptor idp, LoginProtocol configured) {
    boolean saml2 =
        !idp.singleSignOnServices().stream()
            .filter(
                e ->
                    e.binding().equals(IdpDescriptor.REDIRECT_BINDING)
                        || e.binding().equals(IdpDescriptor.POST_BINDING))
            .toList()
            .isEmpty();
    boolean wsfed = idp.passiveRequestorEndpoint() != null;
    Protocol chosen =
        switch (configured) {
          case SAML2 -> Protocol.SAML2;
          case WSFED -> Protocol.WSFED;
          case AUTO -> saml2 || !wsfed ? Protocol.SAML2 : Protocol.WSFED;
        };
    if (chosen == Protocol.SAML2 && !saml2) {
      throw new IllegalStateException(
          "IdP "
              + idp.entityId()
              + " has no SAML 2.0 SSO endpoint"
              + " (HTTP-Redirect or HTTP-POST) in "
              + idp.source());
    }
    if (chosen == Protocol.WSFED && !wsfed) {
      throw new IllegalStateException(
          "IdP "
              + idp.entityId()
              + " has no WS-Federation passive"
              + " requestor endpoint in "
              + idp.source());
    }
    return chosen;
  }
}
