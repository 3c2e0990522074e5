package org.spgate.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every rule form, each refusal beside the accepted control that differs in one thing. */
class RulesTest {

  private static Attributes user(String attribute, String... values) {
    return Attributes.of(Map.of(attribute, List.of(values)));
  }

  @Test
  void exactAllowsAnyValueThatIsListedAndRefusesOtherCase() {
    Rule rule = AttributeRule.exact("entitlement", List.of("urn:x:admin", "urn:x:ops"));

    assertThat(rule.decide(user("entitlement", "urn:x:user", "urn:x:ops")).allowed()).isTrue();
    assertThat(rule.decide(user("entitlement", "URN:X:OPS")).allowed()).isFalse();
    assertThat(rule.decide(user("other", "urn:x:ops")).allowed()).isFalse();
  }

  @Test
  void ignoreCaseAllowsOtherCaseButNotOtherValues() {
    Rule rule = AttributeRule.ignoreCase("affiliation", List.of("Staff"));

    assertThat(rule.decide(user("affiliation", "STAFF")).allowed()).isTrue();
    assertThat(rule.decide(user("affiliation", "staff-alumni")).allowed()).isFalse();
  }

  @Test
  void regexMustMatchTheWholeValue() {
    Rule rule = AttributeRule.regex("entitlement", Pattern.compile("urn:app:[a-z]+"));

    assertThat(rule.decide(user("entitlement", "urn:app:editor")).allowed()).isTrue();
    assertThat(rule.decide(user("entitlement", "x-urn:app:editor")).allowed()).isFalse();
    assertThat(rule.decide(user("entitlement", "urn:app:editor:evil")).allowed()).isFalse();
  }

  @Test
  void deniedDecisionNamesTheRequirementButNeverTheUsersValues() {
    Rule rule = AttributeRule.exact("entitlement", List.of("urn:x:admin"));

    Decision decision = rule.decide(user("entitlement", "urn:secret:value"));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.failed()).contains("entitlement").doesNotContain("urn:secret:value");
    assertThat(rule.decide(user("entitlement", "urn:x:admin")).failed()).isNull();
  }

  @Test
  void allNeedsEveryRuleAndNamesTheFirstThatFails() {
    Rule staff = AttributeRule.exact("affiliation", List.of("staff"));
    Rule admin = AttributeRule.exact("entitlement", List.of("admin"));
    Rule all = new AllRule(List.of(staff, admin));

    Attributes both =
        Attributes.of(Map.of("affiliation", List.of("staff"), "entitlement", List.of("admin")));
    assertThat(all.decide(both).allowed()).isTrue();
    Decision onlyStaff = all.decide(user("affiliation", "staff"));
    assertThat(onlyStaff.allowed()).isFalse();
    assertThat(onlyStaff.failed()).isEqualTo(admin.describe());
  }

  @Test
  void anyNeedsOneRule() {
    Rule any =
        new AnyRule(
            List.of(
                AttributeRule.exact("affiliation", List.of("staff")),
                AttributeRule.exact("entitlement", List.of("admin"))));

    assertThat(any.decide(user("entitlement", "admin")).allowed()).isTrue();
    assertThat(any.decide(user("entitlement", "user")).allowed()).isFalse();
  }

  @Test
  void notInvertsAndAUserWithoutTheAttributePasses() {
    Rule notStudent = new NotRule(AttributeRule.exact("affiliation", List.of("student")));

    assertThat(notStudent.decide(user("affiliation", "staff")).allowed()).isTrue();
    assertThat(notStudent.decide(Attributes.of(Map.of())).allowed()).isTrue();
    assertThat(notStudent.decide(user("affiliation", "staff", "student")).allowed()).isFalse();
  }

  @Test
  void sessionRuleAllowsEveryUserWithASession() {
    assertThat(new SessionRule().decide(Attributes.of(Map.of())).allowed()).isTrue();
  }

  @Test
  void levelIncludesEveryLevelAfterIt() {
    Levels levels = new Levels("member", List.of("admin", "ea", "devel", "stable"));
    Rule devel = levels.atLeast("devel");

    assertThat(devel.decide(user("member", "admin")).allowed()).isTrue();
    assertThat(devel.decide(user("member", "ea")).allowed()).isTrue();
    assertThat(devel.decide(user("member", "devel")).allowed()).isTrue();
    assertThat(devel.decide(user("member", "stable")).allowed()).isFalse();
    assertThat(devel.decide(user("member", "Admin")).allowed()).isFalse();
    assertThat(devel.decide(user("member", "other")).allowed()).isFalse();
    assertThat(devel.decide(user("member", "stable", "ea")).allowed()).isTrue();
    assertThat(devel.decide(user("member", "stable")).failed()).isEqualTo("level devel or higher");
  }

  @Test
  void levelsRefuseDuplicatesAndUnknownLevels() {
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> new Levels("member", List.of("a", "b", "a"))))
        .hasMessageContaining("listed twice");
    Levels levels = new Levels("member", List.of("a", "b"));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> levels.atLeast("c")))
        .hasMessageContaining("expected one of the levels a, b");
    assertThat(levels.atLeast("b")).isNotNull();
  }
}
