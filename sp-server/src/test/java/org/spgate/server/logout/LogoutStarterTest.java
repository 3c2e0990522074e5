package org.spgate.server.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.spgate.core.assertion.NameIdValue;
import org.spgate.core.assertion.Protocol;
import org.spgate.core.check.Rejection;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogouts;
import org.spgate.core.metadata.Endpoint;
import org.spgate.core.metadata.IdpDescriptor;
import org.spgate.core.metadata.IdpRegistry;
import org.spgate.core.opensaml.AlgorithmPolicy;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.opensaml.SignatureVerifier;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.session.RandomIds;
import org.spgate.core.session.Session;
import org.spgate.core.session.SessionAttributes;
import org.spgate.core.time.ClockTicker;
import org.spgate.server.testing.TestPki;

/**
 * The HTTP-POST LogoutRequest with an EC key: signed with ECDSA-SHA256 in an enveloped signature
 * that the SP's certificate verifies (another EC key does not).
 */
class LogoutStarterTest {

  private static final String IDP = "https://idp.example.org/idp/shibboleth";
  private static final String POST_SLO = "https://idp.example.org/idp/profile/SAML2/POST/SLO";

  @Test
  void startWhenIdpHasOnlyPostSloAndKeyIsEcThenEnvelopedEcdsaSignatureVerifies() throws Exception {
    TestPki pki = new TestPki("slo-ec");
    TestPki.Issued ec = pki.issue("CN=sp.test ec", "EC");
    TestPki.Issued other = pki.issue("CN=other ec", "EC");
    Clock clock = Clock.systemUTC();
    IdpDescriptor idp =
        new IdpDescriptor(
            IDP,
            List.of(other.certificate().getPublicKey()),
            List.of(),
            List.of(new Endpoint(IdpDescriptor.POST_BINDING, POST_SLO)),
            false,
            List.of(),
            List.of(),
            null,
            null,
            Path.of("idp-metadata.xml"));
    LogoutStarter starter =
        new LogoutStarter(
            new IdpRegistry(List.of(idp), idp, clock),
            new LogoutMessages("https://sp.example.org/shibboleth", clock),
            new PendingLogouts(
                new CaffeinePendingLogins(Duration.ofMinutes(15), 100, new ClockTicker(clock))),
            new SpCredential(ec.certificate(), ec.key()));
    long now = clock.instant().getEpochSecond();
    Session session =
        new Session(
            RandomIds.hex128(),
            IDP,
            Protocol.SAML2,
            new NameIdValue("alice", null, null, null),
            "_idx",
            null,
            null,
            null,
            now,
            now + 3600,
            SessionAttributes.empty(),
            null);

    Endpoint endpoint = starter.endpointFor(session).orElseThrow();
    LogoutStarter.Outgoing outgoing = starter.start(session, endpoint, null);

    assertThat(outgoing.location()).isEqualTo(POST_SLO);
    assertThat(outgoing.postedRequest()).isNotNull();
    LogoutRequest request =
        (LogoutRequest)
            OpenSaml.unmarshal(
                OpenSaml.xml()
                    .parse(Base64.getDecoder().decode(outgoing.postedRequest()))
                    .getDocumentElement());
    assertThat(request.getSignature().getSignatureAlgorithm())
        .isEqualTo(RedirectBinding.ECDSA_SHA256);
    SignatureVerifier verifier = new SignatureVerifier(new AlgorithmPolicy(false));
    verifier.verify(request, List.of(ec.certificate().getPublicKey()));
    assertThatExceptionOfType(Rejection.class)
        .isThrownBy(() -> verifier.verify(request, List.of(other.certificate().getPublicKey())));
  }
}
