package org.spgate.devidp.server;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;
import org.spgate.core.opensaml.OpenSaml;

/**
 * Decodes an HTTP-Redirect {@code SAMLRequest} (base64 of raw DEFLATE, SAML 2.0 Bindings §3.4.4)
 * into the three fields the development IdP uses, through the hardened parser.
 *
 * <p>Does <em>not</em> check a redirect signature (the IdP metadata says it wants none) nor the
 * request's IssueInstant; the caller decides whether Issuer and ACS URL belong to its SP.
 */
final class AuthnRequestReader {

  /** The parts of an AuthnRequest the IdP answers to. */
  record Request(String id, @Nullable String issuer, @Nullable String acsUrl) {}

  private static final int MAX_INFLATED = 64 * 1024;

  private AuthnRequestReader() {}

  static Request read(String samlRequest) throws Rejection {
    byte[] deflated;
    try {
      deflated = Base64.getMimeDecoder().decode(samlRequest);
    } catch (IllegalArgumentException e) {
      throw new Rejection(Reason.MALFORMED_XML, "SAMLRequest is not base64");
    }
    XMLObject object =
        OpenSaml.unmarshal(OpenSaml.xml().parse(inflate(deflated)).getDocumentElement());
    if (!(object instanceof AuthnRequest request)) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "SAMLRequest is not an AuthnRequest");
    }
    if (request.getID() == null || request.getID().isEmpty()) {
      throw new Rejection(Reason.UNEXPECTED_MESSAGE, "AuthnRequest has no ID");
    }
    String issuer = request.getIssuer() == null ? null : request.getIssuer().getValue();
    return new Request(request.getID(), issuer, request.getAssertionConsumerServiceURL());
  }

  private static byte[] inflate(byte[] deflated) throws Rejection {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new Rejection(Reason.MALFORMED_XML, "SAMLRequest is truncated DEFLATE data");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new Rejection(
              Reason.MESSAGE_TOO_LARGE, "SAMLRequest inflates past " + MAX_INFLATED + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new Rejection(Reason.MALFORMED_XML, "SAMLRequest is not DEFLATE data");
    } finally {
      inflater.end();
    }
  }
}
