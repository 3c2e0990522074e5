package org.spgate.server.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@code /Login} reads its {@code target} from the raw (undecoded) query. */
class LoginTargetTest {

  @Test
  void unencodedUrlWithItsOwnQueryKeepsEverythingAfterTarget() {
    String query = "target=https://app.example.org/page?a=1&b=x%26y";
    assertThat(LoginHandler.targetOf(query, "https://app.example.org/page?a=1"))
        .isEqualTo("https://app.example.org/page?a=1&b=x%26y");
  }

  @Test
  void targetWithoutItsOwnQueryStopsAtTheNextParameter() {
    assertThat(LoginHandler.targetOf("target=/x&entityID=https://idp", "/x")).isEqualTo("/x");
  }

  @Test
  void targetNotFirstIsTakenAsTheParameter() {
    assertThat(LoginHandler.targetOf("entityID=e&target=/p?a=1&b=2", "/p?a=1")).isEqualTo("/p?a=1");
  }

  @Test
  void percentEncodedTargetIsDecodedOnce() {
    assertThat(
            LoginHandler.targetOf(
                "target=https%3A%2F%2Fapp.example.org%2Fpage%3Fa%3D1%26b%3D2",
                "https%3A%2F%2Fapp.example.org%2Fpage%3Fa%3D1%26b%3D2"))
        .isEqualTo("https://app.example.org/page?a=1&b=2");
    assertThat(LoginHandler.targetOf("target=%2Fx%3Fa%3D1", "%2Fx%3Fa%3D1")).isEqualTo("/x?a=1");
  }

  @Test
  void plainPathIsUnchanged() {
    assertThat(LoginHandler.targetOf("target=/x", "/x")).isEqualTo("/x");
  }
}
