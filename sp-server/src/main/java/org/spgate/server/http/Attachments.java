package org.spgate.server.http;

import io.undertow.util.AttachmentKey;
import org.spgate.core.config.AuthMode;
import org.spgate.core.session.Session;

/** Every per-request value handlers pass along, as typed exchange attachments. */
public final class Attachments {

  /** The correlation id of the request, shown on error pages and in log lines. */
  public static final AttachmentKey<String> CORRELATION_ID = AttachmentKey.create(String.class);

  /** The live session of the request, when it has one. */
  public static final AttachmentKey<Session> SESSION = AttachmentKey.create(Session.class);

  /** The percent-decoded, validated request path used for routing. */
  public static final AttachmentKey<String> PATH = AttachmentKey.create(String.class);

  /** The protection of the route the request matched (set by the route stage). */
  public static final AttachmentKey<AuthMode> AUTH = AttachmentKey.create(AuthMode.class);

  /** Whether the matched route asks for a TLS client certificate (set by the route stage). */
  public static final AttachmentKey<AuthMode> CLIENT_CERT = AttachmentKey.create(AuthMode.class);

  /** The original request a trusted proxy described (forward-auth); absent otherwise. */
  public static final AttachmentKey<ForwardedOriginal> FORWARDED_ORIGINAL =
      AttachmentKey.create(ForwardedOriginal.class);

  /**
   * The client certificate a trusted TLS-terminating proxy passed (set by {@link
   * TrustedForwardedHandler}); absent otherwise.
   */
  public static final AttachmentKey<ForwardedClientCert> FORWARDED_CLIENT_CERT =
      AttachmentKey.create(ForwardedClientCert.class);

  /** The request's verified client certificate (set by the client-certificate stage). */
  public static final AttachmentKey<CertificateIdentity> CLIENT_CERTIFICATE =
      AttachmentKey.create(CertificateIdentity.class);

  /**
   * The user a verified client certificate names, when it is the request's user: no session, on a
   * route with {@code identity: certificate} (set by the access stage, read by the identity stage).
   */
  public static final AttachmentKey<String> CERTIFICATE_USER = AttachmentKey.create(String.class);

  private Attachments() {}
}
