package io.durableentities.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.durableentities.architecture.fixture.Clean;
import io.durableentities.architecture.fixture.Leaky;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRulesTest {

  private static final String SECRET = "io.durableentities.architecture.fixture.internal.Secret";

  @Test
  void publicApiShowsNoHiddenType_reportsEveryPublicOrProtectedSignatureShowingAnInternalType() {
    JavaClasses classes =
        new ClassFileImporter().importPackages("io.durableentities.architecture.fixture");

    List<String> details =
        ApiRules.publicApiShowsNoHiddenType().evaluate(classes).getFailureReport().getDetails();

    String leaky = Leaky.class.getName();
    assertThat(details)
        .map(detail -> detail.replaceAll(" \\(\\w+\\.java:\\d+\\)$", ""))
        .containsExactlyInAnyOrder(
            leaky + " extends, implements or is bounded by " + SECRET, // Supplier<List<Secret>>
            leaky + ".field shows " + SECRET, // a type argument of a type argument
            leaky + ".<init>(" + SECRET + ") shows " + SECRET, // protected constructor
            leaky + ".get() shows " + SECRET,
            leaky + ".bounded(" + SECRET + ") shows " + SECRET, // type parameter bound
            leaky + ".throwing() shows " + SECRET + "Failure",
            leaky + ".array() shows " + SECRET,
            leaky + "$Nested.leak() shows " + SECRET);
  }

  @Test
  void publicApiShowsNoHiddenType_passesAClassThatUsesInternalsPrivately() {
    JavaClasses classes = new ClassFileImporter().importClasses(Clean.class);

    assertThat(ApiRules.publicApiShowsNoHiddenType().evaluate(classes).hasViolation()).isFalse();
  }

  @Test
  void noDependencyOn_reportsAUseOfAForbiddenPackage() {
    JavaClasses classes = new ClassFileImporter().importClasses(Clean.class);

    assertThat(
            ApiRules.noDependencyOn("..fixture", "..fixture.internal..")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
    assertThat(
            ApiRules.noDependencyOn("..fixture", "..elsewhere..").evaluate(classes).hasViolation())
        .isFalse();
  }
}
