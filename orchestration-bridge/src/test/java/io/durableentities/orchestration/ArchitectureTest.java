package io.durableentities.orchestration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.durableentities.architecture.ApiRules.BRIDGE;
import static io.durableentities.architecture.ApiRules.PROXY;
import static io.durableentities.architecture.ApiRules.SCHEDULER;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.durableentities.architecture.ApiRules;
import io.durableentities.architecture.PublicApiRules;
import io.durableentities.core.EntityException;

/** The rules orchestration-bridge's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.orchestration",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule everyExceptionIsAnOrchestrationException =
      ApiRules.exceptionsDescendFrom(BRIDGE, OrchestrationException.class.getName())
          .because("orchestration failures share one root, a sibling of entity failures");

  @ArchTest
  static final ArchRule noOrchestrationFailureIsAnEntityFailure =
      noClasses()
          .that()
          .resideInAPackage(BRIDGE)
          .should()
          .beAssignableTo(EntityException.class)
          .because("catching EntityException must not catch orchestration failures");

  @ArchTest
  static final ArchRule bridgeNeverDependsOnProxyOrScheduler =
      ApiRules.noDependencyOn(BRIDGE, PROXY, SCHEDULER)
          .because(
              "proxies come through core's SPI, and the scheduler is a separate process or a"
                  + " test fixture");
}
