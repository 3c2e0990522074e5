package org.spgate.core.saml2;

import org.opensaml.saml.saml2.core.Response;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/**
 * Destination, when present, must be this ACS URL; a signed Response must carry it (SAML bindings
 * 3.5.5.2), so that a response signed for another SP cannot be replayed here.
 */
final class DestinationCheck {

  private DestinationCheck() {}

  static void check(Response response, String acsUrl, boolean responseSigned) throws Rejection {
    String destination = response.getDestination();
    if (destination == null) {
      if (responseSigned) {
        throw new Rejection(Reason.WRONG_DESTINATION, "signed Response has no Destination");
      }
      return;
    }
    if (!destination.equals(acsUrl)) {
      throw new Rejection(
          Reason.WRONG_DESTINATION, "Destination '" + destination + "' is not '" + acsUrl + "'");
    }
  }
}
