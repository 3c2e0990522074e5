package org.spgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spgate.devidp.Encryption;
import org.spgate.devidp.WsFedTokenSpec;
import org.spgate.server.testing.TestSpGate;

/**
 * {@code security.decryptionFailuresPerMinute} over HTTP: failed decryptions from one client
 * address use up its budget, then even a valid sign-in from it is refused unread (429, SPG-45);
 * refusals for other reasons and successful sign-ins do not count.
 */
class DecryptionFailureLimitHttpTest {

  @TempDir static Path dir;
  static TestSpGate sp;

  @BeforeAll
  static void start() throws Exception {
    sp =
        new TestSpGate(
            dir,
            "  - {path: /, backend: \"BACKEND\", auth: required}",
            "security:\n"
                + "  allowUnsolicited: true\n"
                + "  allowCbcEncryption: true\n"
                + "  decryptionFailuresPerMinute: 3\n",
            ", protocol: wsfed");
  }

  @AfterAll
  static void stop() {
    sp.close();
  }

  static String valid() {
    WsFedTokenSpec spec = sp.idp.wsFed().spec(sp.entityId());
    spec.claim(WsFedTokenSpec.CLAIMS, "upn", "alice@corp.example");
    spec.encryptFor = Encryption.adfs(sp.runtime.credentials.get(0).certificate());
    return sp.idp.wsFed().mintXml(spec);
  }

  static HttpResponse<String> post(String wresult) throws Exception {
    return sp.postForm("/Shibboleth.sso/ADFS", Map.of("wa", "wsignin1.0", "wresult", wresult));
  }

  @Test
  void adfsWhenDecryptionFailuresExceedTheBudgetThenSignInsFromThatAddressRefused()
      throws Exception {
    // Neither successes nor other refusals use the budget.
    for (int i = 0; i < 4; i++) {
      assertThat(post(valid()).statusCode()).isEqualTo(303);
      assertThat(post("<broken").statusCode()).isEqualTo(400);
    }
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> failed = post(CiphertextFlips.flip(valid(), 32 + i, 0x08));
      assertThat(failed.statusCode()).isEqualTo(403);
      assertThat(failed.body()).contains("SPG-31");
    }

    HttpResponse<String> refused = post(valid());

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("SPG-45").contains("Correlation id");
    assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
  }
}
