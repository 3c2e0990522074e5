package org.spgate.core.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScopePolicyTest {

  @Test
  void noneWhenAnyScopeThenAcceptedAndNotEnforced() {
    ScopePolicy none = ScopePolicy.none();

    assertThat(none.accepts("anything.example")).isTrue();
    assertThat(none.enforced()).isFalse();
  }

  @Test
  void ofWhenNothingListedThenSameAsNone() {
    assertThat(ScopePolicy.of(List.of(), List.of())).isSameAs(ScopePolicy.none());
  }

  @Test
  void ofWhenLiteralListedThenExactMatchOnly() {
    ScopePolicy scopes = ScopePolicy.of(List.of("example.org"), List.of());

    assertThat(scopes.enforced()).isTrue();
    assertThat(scopes.accepts("example.org")).isTrue();
    assertThat(scopes.accepts("sub.example.org")).isFalse();
    assertThat(scopes.accepts("Example.org")).isFalse();
    assertThat(scopes.acceptsIgnoringCase("Example.ORG")).isTrue();
    assertThat(scopes.acceptsIgnoringCase("example.net")).isFalse();
  }

  @Test
  void ofWhenRegexListedThenWholeScopeMustMatch() {
    ScopePolicy scopes =
        ScopePolicy.of(List.of(), List.of(Pattern.compile("^.+\\.example\\.org$")));
    ScopePolicy unanchored = ScopePolicy.of(List.of(), List.of(Pattern.compile("example\\.org")));

    assertThat(scopes.accepts("dept.example.org")).isTrue();
    assertThat(scopes.accepts("dept.example.org.attacker.net")).isFalse();
    assertThat(unanchored.accepts("example.org")).isTrue();
    assertThat(unanchored.accepts("example.org.attacker.net")).isFalse();
    assertThat(scopes.acceptsIgnoringCase("Dept.Example.Org")).isTrue();
    assertThat(scopes.accepts("Dept.Example.Org")).isFalse();
  }
}
