package io.durableentities.consumers.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.durableentities.consumers.versions.ResolvedVersions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under Spring Boot's BOM, imported after entities-bom, every library the build resolves resolves
 * at the version the build tests; Spring's own artifacts are Spring's business.
 */
class SpringBootConsumerVersionsTest {

  @Test
  void theLibrariesTheBuildResolves_keepTheirTestedVersions() {
    Map<String, String> consumer = ResolvedVersions.read(path("consumer.resolved"));
    Map<String, String> build = ResolvedVersions.read(path("build.resolved"));

    for (String artifact :
        List.of(
            "io.durableentities:entities-spring-boot-autoconfigure",
            "org.springframework.boot:spring-boot-autoconfigure",
            "com.fasterxml.jackson.core:jackson-databind",
            "io.netty:netty-handler",
            "io.projectreactor.netty:reactor-netty-http",
            "com.azure:azure-identity")) {
      assertTrue(consumer.containsKey(artifact), "this consumer does not resolve " + artifact);
    }
    List<String> differences = new ArrayList<>();
    build.forEach(
        (artifact, tested) -> {
          String version = consumer.get(artifact);
          if (version != null && !version.equals(tested)) {
            differences.add(artifact + " " + version + " but the build tests " + tested);
          }
        });
    assertEquals(
        List.of(),
        differences,
        "Spring Boot's BOM changes versions the build tests; pin them in entities-bom");
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    assertTrue(value != null, "system property " + property + " is not set (see consumer-tests)");
    return Path.of(value);
  }
}
