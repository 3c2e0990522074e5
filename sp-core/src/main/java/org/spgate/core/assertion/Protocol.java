package org.spgate.core.assertion;

/** The protocol that delivered an assertion; decides the logout flow and the session headers. */
public enum Protocol {
  /** SAML 2.0 Web Browser SSO, HTTP-POST binding. */
  SAML2,
  /** WS-Federation passive requestor profile (AD FS), SAML 1.1 or 2.0 token. */
  WSFED
}
