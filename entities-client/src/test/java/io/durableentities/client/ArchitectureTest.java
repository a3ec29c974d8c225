package io.durableentities.client;

import static io.durableentities.architecture.ApiRules.BRIDGE;
import static io.durableentities.architecture.ApiRules.CLIENT;
import static io.durableentities.architecture.ApiRules.PROXY;
import static io.durableentities.architecture.ApiRules.SCHEDULER;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.durableentities.architecture.ApiRules;
import io.durableentities.architecture.PublicApiRules;

/** The rules entities-client's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule clientNeverDependsOnBridgeProxyOrScheduler =
      ApiRules.noDependencyOn(CLIENT, BRIDGE, PROXY, SCHEDULER)
          .because(
              "the bridge plugs into the client through its extension providers, proxies come"
                  + " through core's SPI, and the scheduler is only a test fixture");
}
