package org.spgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.spgate.core.check.Reason;
import org.spgate.core.check.Rejection;

class RedirectPolicyTest {

  final RedirectPolicy policy =
      new RedirectPolicy(
          URI.create("https://app.example.org"),
          List.of(URI.create("https://portal.example.org:8443")));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/app/page?x=1#top",
        "/caf%C3%A9",
        "https://app.example.org/x",
        "https://APP.example.org:443/x",
        "https://portal.example.org:8443/home"
      })
  void resolveWhenTargetIsOwnOriginOrAllowListedThenAccepted(String target) throws Rejection {
    assertThat(policy.resolve(target)).matches("https://(app|APP|portal)\\.example\\.org.*");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.test",
        "http://app.example.org/x",
        "https://app.example.org.evil.test/",
        "https://portal.example.org/",
        "//evil.test",
        "///evil.test",
        "/\\evil.test",
        "\\\\evil.test",
        "/%5Cevil.test",
        "/%2F/evil.test",
        "%2F%2Fevil.test",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "https://user@app.example.org/",
        "https://app.example.org@evil.test/",
        "/x\r\nSet-Cookie: a=b",
        "/%0d%0aSet-Cookie:a=b",
        " /x",
        "/x y",
        "",
        "app.example.org/x",
        "/%09/evil.test"
      })
  void resolveWhenTargetLeavesAllowedOriginsThenRefused(String target) {
    assertThatThrownBy(() -> policy.resolve(target))
        .isInstanceOfSatisfying(
            Rejection.class, e -> assertThat(e.reason()).isEqualTo(Reason.REDIRECT_NOT_ALLOWED));
  }

  @ParameterizedTest
  @ValueSource(strings = {"//evil.test", "https://evil.test/"})
  void resolveOrRootWhenTargetRefusedThenSiteRoot(String target) {
    assertThat(policy.resolveOrRoot(target)).isEqualTo("https://app.example.org/");
  }
}
