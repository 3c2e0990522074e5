package org.spgate.core.saml2;

import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

/** The Response's top-level status must be exactly Success (SAML core 3.2.2.2). */
final class StatusCheck {

  private StatusCheck() {}

  static void check(Response response) throws Rejection {
    Status status = response.getStatus();
    StatusCode code = status == null ? null : status.getStatusCode();
    String value = code == null ? null : code.getValue();
    if (!StatusCode.SUCCESS.equals(value)) {
      StringBuilder detail = new StringBuilder("status ").append(value);
      if (code != null && code.getStatusCode() != null) {
        detail.append(" / ").append(code.getStatusCode().getValue());
      }
      if (status != null && status.getStatusMessage() != null) {
        detail.append(": ").append(status.getStatusMessage().getValue());
      }
      throw new Rejection(Reason.STATUS_NOT_SUCCESS, detail.toString());
    }
  }
}
