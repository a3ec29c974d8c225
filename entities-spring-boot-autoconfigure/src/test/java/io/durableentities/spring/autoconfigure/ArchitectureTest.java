package io.durableentities.spring.autoconfigure;

import static io.durableentities.architecture.ApiRules.GRPC;
import static io.durableentities.architecture.ApiRules.PROTOBUF;
import static io.durableentities.architecture.ApiRules.PROTOCOL;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.durableentities.architecture.ApiRules;
import io.durableentities.architecture.PublicApiRules;

/** The rules the Spring Boot auto-configuration's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.spring",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule usesThePublicApiOfTheOtherModulesOnly =
      ApiRules.noDependencyOn(
              "io.durableentities.spring..",
              "io.durableentities.core.internal..",
              "io.durableentities.client.internal..",
              "io.durableentities.orchestration.internal..",
              "io.durableentities.scheduler.internal..",
              PROTOCOL,
              GRPC,
              PROTOBUF)
          .because("the starter is an application of the library: it sees what applications see");
}
