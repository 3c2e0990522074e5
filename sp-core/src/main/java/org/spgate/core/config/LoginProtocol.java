package org.spgate.core.config;

/** Which protocol spgate uses to send users to the IdP (yaml: auto | saml2 | wsfed). */
public enum LoginProtocol {
  /** SAML 2.0 when the IdP's metadata has a SAML 2.0 SSO endpoint, else WS-Federation. */
  AUTO,
  /** Always a SAML 2.0 AuthnRequest. */
  SAML2,
  /** Always a WS-Federation wsignin1.0 request (AD FS, Entra ID's WS-Fed endpoint). */
  WSFED
}
