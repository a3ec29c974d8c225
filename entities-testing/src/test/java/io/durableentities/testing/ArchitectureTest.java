package io.durableentities.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.durableentities.architecture.PublicApiRules;

/** The rules entities-testing's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.testing",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule theSchedulerIsReachedOnlyThroughItsTestingEntryPoint =
      noClasses()
          .that()
          .resideInAPackage("io.durableentities.testing..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.durableentities.scheduler.internal.engine..",
              "io.durableentities.scheduler.internal.grpc..",
              "io.durableentities.scheduler.internal.store..")
          .because("the scheduler's internals are reached only through internal.testing");
}
