package io.durableentities.consumers.bom;

import io.durableentities.consumers.versions.SameVersionsAsTheBuild;
import java.util.List;

/** A project that imports entities-bom resolves what the build tests. */
class BomConsumerVersionsTest extends SameVersionsAsTheBuild {

  @Override
  protected List<String> expectedArtifacts() {
    return List.of(
        "io.durableentities:entities-core",
        "io.durableentities:orchestration-bridge",
        "io.projectreactor:reactor-core",
        "net.java.dev.jna:jna",
        "com.google.protobuf:protobuf-java",
        "com.fasterxml.jackson.core:jackson-databind");
  }
}
