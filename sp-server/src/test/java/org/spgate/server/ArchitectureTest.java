package org.spgate.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the production code (sp-core, sp-devidp, sp-server; test classes and test-jars left
 * out): no package depends on itself through others, sp-core knows nothing of HTTP servers, the
 * development IdP knows nothing of spgate's server, and of spgate's own packages only the demo
 * command uses the code that signs assertions.
 */
class ArchitectureTest {

  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");
  private static final String DEMO_COMMAND = "org.spgate.server.cli.DemoCommand";

  static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption((Location location) -> !location.matches(TEST_JAR))
            .importPackages("org.spgate.core", "org.spgate.server", "org.spgate.devidp");
  }

  @Test
  void importsEveryProductionModule() {
    assertThat(production.containPackage("org.spgate.core.saml2")).isTrue();
    assertThat(production.containPackage("org.spgate.server.route")).isTrue();
    assertThat(production.containPackage("org.spgate.devidp")).isTrue();
    assertThat(production.containPackage("org.spgate.devidp.server")).isTrue();
    assertThat(production.containPackage("org.spgate.core.testing")).isFalse();
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("org.spgate.(**)").should().beFreeOfCycles().check(production);
  }

  @Test
  void coreUsesNoHttpServerAndNoServerPackage() {
    noClasses()
        .that()
        .resideInAPackage("org.spgate.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.spgate.server..", "io.undertow..", "org.xnio..")
        .check(production);
  }

  @Test
  void developmentIdpDoesNotUseTheServer() {
    noClasses()
        .that()
        .resideInAPackage("org.spgate.devidp..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.spgate.server..")
        .check(production);
  }

  /**
   * Whatever signs assertions (the minters and the development IdP server, all of sp-devidp) is
   * reachable from spgate's production packages only through {@code spgate demo}.
   */
  @Test
  void onlyTheDemoCommandUsesTheCodeThatSignsAssertions() {
    noClasses()
        .that()
        .resideInAnyPackage("org.spgate.server..", "org.spgate.core..")
        .and()
        .haveNameNotMatching(Pattern.quote(DEMO_COMMAND) + "(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.spgate.devidp..")
        .check(production);
  }
}
