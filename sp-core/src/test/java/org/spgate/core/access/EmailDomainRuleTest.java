package org.spgate.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The e-mail-domain allow-list: exact ASCII domains only, every trick beside the control. */
class EmailDomainRuleTest {

  private final Rule rule = new EmailDomainRule("mail", List.of("Example.org"));

  private boolean allows(String address) {
    return rule.decide(Attributes.of(Map.of("mail", List.of(address)))).allowed();
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice@example.org", "alice@EXAMPLE.ORG", "Alice.B+tag@Example.Org"})
  void allowsAddressesInTheDomainWhateverTheCase(String address) {
    assertThat(allows(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@example.org.evil.test", // suffix trick
        "alice@evil-example.org", // ends with the domain text
        "alice@sub.example.org", // subdomains are not included unless listed
        "alice@example.org.", // trailing dot
        "alice@evil.test@example.org", // two @
        "alice@example.org@evil.test",
        "@example.org", // empty local part
        "alice@", // empty domain
        "alice.example.org", // no @
        "alice@exаmple.org", // Cyrillic а look-alike
        "alice@example\uFF0Eorg", // full-width dot
        "alice@ｅxample.org", // full-width e: NFKC would make it ASCII
        "alice@example..org",
        "alice@example.org ", // trailing space
      })
  void refusesEveryLookAlike(String address) {
    assertThat(allows(address)).isFalse();
  }

  @Test
  void oneMatchingValueOfSeveralIsEnough() {
    Attributes user =
        Attributes.of(Map.of("mail", List.of("alice@example.org.evil.test", "alice@example.org")));

    assertThat(rule.decide(user).allowed()).isTrue();
  }

  @Test
  void refusesANonAsciiDomainInTheConfiguration() {
    assertThat(catchThrowable(() -> new EmailDomainRule("mail", List.of("bücher.example"))))
        .hasMessageContaining("xn--");
    assertThat(new EmailDomainRule("mail", List.of("xn--bcher-kva.example")).describe())
        .contains("mail");
  }

  @Test
  void anIdnaAddressMatchesItsALabelFormOnly() {
    Rule idn = new EmailDomainRule("mail", List.of("xn--bcher-kva.example"));
    Attributes ascii = Attributes.of(Map.of("mail", List.of("a@xn--bcher-kva.example")));
    Attributes unicode = Attributes.of(Map.of("mail", List.of("a@bücher.example")));

    assertThat(idn.decide(ascii).allowed()).isTrue();
    assertThat(idn.decide(unicode).allowed()).isFalse();
  }
}
