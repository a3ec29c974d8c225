package io.durableentities.consumers.fullstack;

import io.durableentities.consumers.versions.SameVersionsAsTheBuild;
import java.util.List;

/** A project with every module and no BOM resolves what the build tests. */
class FullStackVersionsTest extends SameVersionsAsTheBuild {

  @Override
  protected List<String> expectedArtifacts() {
    return List.of(
        "io.durableentities:entities-client",
        "io.durableentities:embedded-scheduler",
        "io.projectreactor:reactor-core",
        "net.java.dev.jna:jna",
        "io.grpc:grpc-netty-shaded",
        "com.azure:azure-identity");
  }
}
