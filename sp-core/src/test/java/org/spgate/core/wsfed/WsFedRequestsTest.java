package org.spgate.core.wsfed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WsFedRequestsTest {

  static final String ADFS = "https://adfs.example.org/adfs/ls/";

  @Test
  void signInUrlWhenCalledThenCarriesEncodedParametersInShibbolethOrder() {
    String url =
        WsFedRequests.signInUrl(
            ADFS,
            "https://sp.example/shibboleth",
            "https://sp.example/Shibboleth.sso/ADFS",
            "ss:mem:abc",
            Instant.parse("2030-01-02T03:04:05.678Z"));

    assertThat(url)
        .isEqualTo(
            ADFS
                + "?wa=wsignin1.0"
                + "&wtrealm=https%3A%2F%2Fsp.example%2Fshibboleth"
                + "&wreply=https%3A%2F%2Fsp.example%2FShibboleth.sso%2FADFS"
                + "&wct=2030-01-02T03%3A04%3A05Z"
                + "&wctx=ss%3Amem%3Aabc");
  }

  @Test
  void signInUrlWhenEndpointHasQueryThenAppendsWithAmpersand() {
    assertThat(WsFedRequests.signInUrl(ADFS + "?tenant=1", "r", "w", "c", Instant.EPOCH))
        .startsWith(ADFS + "?tenant=1&wa=wsignin1.0&");
  }

  @Test
  void signOutUrlWhenCalledThenCarriesWreply() {
    assertThat(WsFedRequests.signOutUrl(ADFS, "https://sp.example/bye?x=1"))
        .isEqualTo(ADFS + "?wa=wsignout1.0&wreply=https%3A%2F%2Fsp.example%2Fbye%3Fx%3D1");
  }

  @Test
  void isSignOutWhenSignOutOrCleanupThenTrueOtherwiseFalse() {
    assertThat(WsFedSignOut.isSignOut("wsignout1.0")).isTrue();
    assertThat(WsFedSignOut.isSignOut("wsignoutcleanup1.0")).isTrue();
    assertThat(WsFedSignOut.isSignOut("wsignin1.0")).isFalse();
    assertThat(WsFedSignOut.isSignOut("WSIGNOUT1.0")).isFalse();
    assertThat(WsFedSignOut.isSignOut(null)).isFalse();
  }
}
