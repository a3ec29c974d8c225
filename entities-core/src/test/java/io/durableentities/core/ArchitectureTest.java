package io.durableentities.core;

import static io.durableentities.architecture.ApiRules.AZURE;
import static io.durableentities.architecture.ApiRules.BRIDGE;
import static io.durableentities.architecture.ApiRules.CLIENT;
import static io.durableentities.architecture.ApiRules.CORE;
import static io.durableentities.architecture.ApiRules.GRPC;
import static io.durableentities.architecture.ApiRules.NETTY;
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

/** The rules entities-core's main classes keep. */
@AnalyzeClasses(
    packages = "io.durableentities.core",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest static final ArchTests publicApi = ArchTests.in(PublicApiRules.class);

  @ArchTest
  static final ArchRule coreNeverDependsOnClientBridgeProxyOrScheduler =
      ApiRules.noDependencyOn(CORE, CLIENT, BRIDGE, PROXY, SCHEDULER)
          .because("entities-core is the bottom of the module graph: the others build on it");

  @ArchTest
  static final ArchRule everyExceptionIsADurableException =
      ApiRules.exceptionsDescendFrom(CORE, DurableException.class.getName())
          .because("catching DurableException catches every failure of the library");

  @ArchTest
  static final ArchRule coreUsesNoTransport =
      ApiRules.noDependencyOn(CORE, PROTOCOL, GRPC, PROTOBUF, NETTY, AZURE)
          .because("a project that only tests its entities must get no transport or Azure jar");
}
