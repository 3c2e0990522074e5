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
 * out): no package depends on itself through others, sp-core knows nothing of HTTP servers or of
 * the development IdP, and only the development IdP's own code and the demo use the minters.
 */
class ArchitectureTest {

  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

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
  void coreDoesNotUseTheDevelopmentIdp() {
    noClasses()
        .that()
        .resideInAPackage("org.spgate.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.spgate.devidp..", "org.spgate.server.devidp..")
        .check(production);
  }

  @Test
  void onlyTheDevelopmentIdpMintsAssertions() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.spgate.devidp..", "org.spgate.server.devidp..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.spgate.devidp..")
        .check(production);
  }

  @Test
  void onlyTheDemoCommandStartsTheDevelopmentIdp() {
    noClasses()
        .that()
        .resideOutsideOfPackages("org.spgate.server.devidp..")
        .and()
        .doNotHaveFullyQualifiedName("org.spgate.server.cli.DemoCommand")
        .and()
        .doNotHaveFullyQualifiedName("org.spgate.server.cli.DemoCommand$Demo")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.spgate.server.devidp..")
        .check(production);
  }
}
