package org.spgate.devidp.server;

import java.security.PublicKey;
import java.util.List;

/**
 * What the development IdP knows of its SP's Single Logout: the SP's HTTP-Redirect
 * SingleLogoutService (where LogoutRequests and LogoutResponses go) and the keys its logout
 * messages must be signed with.
 */
record SpLogout(String sloUrl, List<PublicKey> signingKeys) {
  SpLogout {
    signingKeys = List.copyOf(signingKeys);
    if (signingKeys.isEmpty()) {
      throw new IllegalArgumentException("SP logout needs at least one signing key");
    }
  }
}
