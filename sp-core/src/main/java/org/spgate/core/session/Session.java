package org.spgate.core.session;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;

/**
 * A signed-in user: created from one verified assertion at one login and never changed after.
 * Serializable so that shared stores can hold it.
 *
 * @param id the session id (128 random bits, hex; also the cookie value)
 * @param idpEntityId the IdP that authenticated the user
 * @param protocol the protocol of the login (decides the logout flow)
 * @param nameId the subject's name identifier, or {@code null}
 * @param sessionIndex the IdP's SessionIndex, or {@code null}
 * @param authnInstant the authentication instant as the IdP wrote it
 * @param authnMethod the authentication method or context class
 * @param authnContextClass the SAML 2.0 AuthnContextClassRef
 * @param createdEpochSecond when the session was created
 * @param expiresEpochSecond the absolute end of the session (lifetime, capped by the IdP's
 *     SessionNotOnOrAfter)
 * @param attributes the mapped attributes
 * @param clientAddress the client address at login, when sessions are bound to it
 */
public record Session(
    String id,
    String idpEntityId,
    Protocol protocol,
    @Nullable NameIdValue nameId,
    @Nullable String sessionIndex,
    @Nullable String authnInstant,
    @Nullable String authnMethod,
    @Nullable String authnContextClass,
    long createdEpochSecond,
    long expiresEpochSecond,
    SessionAttributes attributes,
    @Nullable String clientAddress)
    implements Serializable {

  /**
   * Values that are the same for most sessions (the IdP's entityID, the authentication method) are
   * kept as canonical instances, so a million sessions hold a handful of copies. Only values of
   * verified assertions from trusted IdPs reach a session, so the set of them stays small.
   */
  public Session {
    idpEntityId = idpEntityId.intern();
    authnMethod = authnMethod == null ? null : authnMethod.intern();
    authnContextClass = authnContextClass == null ? null : authnContextClass.intern();
  }

  /**
   * The id shown to backends and in logs ({@code Shib-Session-ID}): {@code _} and 32 hex digits of
   * SHA-256 of the session id, so that a backend's logs never hold the cookie value itself.
   */
  public String publicId() {
    byte[] digest = SHA256.get().digest(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return "_" + java.util.HexFormat.of().formatHex(digest, 0, 16);
  }

  /** A digest per thread: the provider lookup costs more than the hash of 32 characters. */
  private static final ThreadLocal<java.security.MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });
}
