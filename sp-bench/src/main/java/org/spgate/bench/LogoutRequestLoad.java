package org.spgate.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.spgate.core.credential.KeyPairs;
import org.spgate.core.credential.SpCredential;
import org.spgate.core.login.CaffeinePendingLogins;
import org.spgate.core.login.PendingLogout;
import org.spgate.core.login.PendingLogouts;
import org.spgate.core.opensaml.OpenSaml;
import org.spgate.core.saml2.logout.LogoutMessages;
import org.spgate.core.saml2.logout.LogoutSubject;
import org.spgate.core.saml2.logout.RedirectBinding;
import org.spgate.core.session.RandomIds;
import org.spgate.core.time.ClockTicker;

/**
 * The CPU cost of starting one SP-initiated Single Logout, on one thread: what {@code /Logout} adds
 * to the local sign-out for a session of an IdP with an SLO endpoint — the LogoutRequest built and
 * serialised, deflated, signed in the query (RSA-2048 and EC P-256 SP keys) and the pending logout
 * recorded in the in-process store. Prints logouts per second and microseconds per logout for each
 * key type.
 */
public final class LogoutRequestLoad {

  private LogoutRequestLoad() {}

  public static void main(String[] argv) {
    Args args = new Args(argv);
    double seconds = Double.parseDouble(args.get("seconds", "3"));
    OpenSaml.init();
    Instant now = Instant.now();
    StringBuilder out = new StringBuilder();
    for (var key :
        new Object[][] {
          {"rsa2048", KeyPairs.selfSigned("sp.bench", 2048, now, Duration.ofDays(1))},
          {"ecp256", KeyPairs.selfSignedEcP256("sp.bench", now, Duration.ofDays(1))}
        }) {
      run((SpCredential) key[1], Duration.ofMillis(500)); // warm-up
      long count = run((SpCredential) key[1], Duration.ofMillis((long) (seconds * 1000)));
      out.append(
          String.format(
              "%s_logouts_per_s=%.0f %s_us_per_logout=%.1f ",
              key[0], count / seconds, key[0], seconds * 1e6 / count));
    }
    System.out.println(out.toString().strip());
  }

  private static long run(SpCredential key, Duration length) {
    Clock clock = Clock.systemUTC();
    LogoutMessages messages = new LogoutMessages("https://sp.bench.example/shibboleth", clock);
    PendingLogouts pending =
        new PendingLogouts(
            new CaffeinePendingLogins(Duration.ofMinutes(15), 1_000_000, new ClockTicker(clock)));
    LogoutSubject subject =
        new LogoutSubject(
            "a1b2c3d4e5f6",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "https://idp.bench.example/idp/shibboleth",
            "https://sp.bench.example/shibboleth",
            "_session-index-1");
    String slo = "https://idp.bench.example/idp/profile/SAML2/Redirect/SLO";
    long end = System.nanoTime() + length.toNanos();
    long count = 0;
    long urlChars = 0;
    while (System.nanoTime() < end) {
      String id = RandomIds.samlId();
      String xml = OpenSaml.toXml(messages.request(id, slo, subject));
      pending.remember(new PendingLogout(id, "https://idp.bench.example/idp/shibboleth", "/bye"));
      urlChars += RedirectBinding.encode(slo, RedirectBinding.REQUEST, xml, null, key).length();
      count++;
    }
    if (urlChars == 0) {
      throw new IllegalStateException("no logout built");
    }
    return count;
  }
}
