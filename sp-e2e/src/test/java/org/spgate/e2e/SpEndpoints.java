package org.spgate.e2e;

import java.net.URI;

/**
 * The addresses spgate will have in a test run, fixed before Keycloak starts because the realm's
 * SAML client is registered under them.
 */
record SpEndpoints(int port) {

  /** Reserves a free loopback port for spgate. */
  static SpEndpoints reserve() {
    return new SpEndpoints(Processes.freePort());
  }

  /** {@code publicUrl} in spgate's config: no trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  String entityId() {
    return baseUrl() + "/shibboleth";
  }

  String acsUrl() {
    return baseUrl() + "/Shibboleth.sso/SAML2/POST";
  }

  URI uri(String path) {
    return URI.create(baseUrl() + path);
  }
}
