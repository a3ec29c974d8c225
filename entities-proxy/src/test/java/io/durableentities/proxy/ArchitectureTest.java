package io.durableentities.proxy;

import static io.durableentities.architecture.ApiRules.AZURE;
import static io.durableentities.architecture.ApiRules.BRIDGE;
import static io.durableentities.architecture.ApiRules.CLIENT;
import static io.durableentities.architecture.ApiRules.GRPC;
import static io.durableentities.architecture.ApiRules.PROTOBUF;
import static io.durableentities.architecture.ApiRules.PROTOCOL;
import static io.durableentities.architecture.ApiRules.PROXY;
import static io.durableentities.architecture.ApiRules.SCHEDULER;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.durableentities.architecture.ApiRules;
import io.durableentities.architecture.PublicApiRules;

/** The rules entities-proxy's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.proxy",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule proxyKnowsOnlyCore =
      ApiRules.noDependencyOn(PROXY, CLIENT, BRIDGE, SCHEDULER, PROTOCOL, GRPC, PROTOBUF, AZURE)
          .because("proxies implement core's SPI and know nothing of transport or orchestrations");
}
