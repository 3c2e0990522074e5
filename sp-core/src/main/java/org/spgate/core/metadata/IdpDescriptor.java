package org.spgate.core.metadata;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What spgate trusts about one IdP, taken from its metadata once at start.
 *
 * @param entityId the IdP's entityID
 * @param signingKeys the keys whose signatures are accepted (explicit-key trust; several during a
 *     rollover); never empty
 * @param singleSignOnServices SAML 2.0 SSO endpoints
 * @param singleLogoutServices SAML 2.0 SLO endpoints
 * @param wantAuthnRequestsSigned whether the IdP asks for signed AuthnRequests
 * @param literalScopes the {@code shibmd:Scope} values without {@code regexp="true"}
 * @param regexScopes the {@code shibmd:Scope} values with {@code regexp="true"}
 * @param passiveRequestorEndpoint the WS-Federation sign-in URL, or {@code null} if the IdP does
 *     not speak WS-Federation
 * @param validUntil when the metadata stops being valid, or {@code null}
 * @param source the metadata file, for messages
 */
public record IdpDescriptor(
    String entityId,
    List<PublicKey> signingKeys,
    List<Endpoint> singleSignOnServices,
    List<Endpoint> singleLogoutServices,
    boolean wantAuthnRequestsSigned,
    List<String> literalScopes,
    List<Pattern> regexScopes,
    @Nullable String passiveRequestorEndpoint,
    @Nullable Instant validUntil,
    Path source) {

  public static final String REDIRECT_BINDING =
      "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
  public static final String POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

  public IdpDescriptor {
    signingKeys = List.copyOf(signingKeys);
    singleSignOnServices = List.copyOf(singleSignOnServices);
    singleLogoutServices = List.copyOf(singleLogoutServices);
    literalScopes = List.copyOf(literalScopes);
    regexScopes = List.copyOf(regexScopes);
  }

  /** The first SSO endpoint with {@code binding}. */
  public Optional<Endpoint> ssoService(String binding) {
    return singleSignOnServices.stream().filter(e -> e.binding().equals(binding)).findFirst();
  }

  /** The first SLO endpoint with {@code binding}. */
  public Optional<Endpoint> sloService(String binding) {
    return singleLogoutServices.stream().filter(e -> e.binding().equals(binding)).findFirst();
  }

  /** Whether the metadata has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return validUntil != null && !now.isBefore(validUntil);
  }
}
