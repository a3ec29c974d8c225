package io.durableentities.consumers.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A consumer resolves every run-time dependency at the version the build tests. Extended by each
 * consumer module's test, which names artifacts that must be among those compared (so the check
 * cannot pass on an empty list). The lists come from the system properties {@code
 * consumer.resolved} (this consumer's) and {@code build.resolved} (build-versions', resolved with
 * the parent's dependencyManagement).
 */
public abstract class SameVersionsAsTheBuild {

  /**
   * Returns artifacts ({@code group:artifact}) this consumer must resolve.
   *
   * @return the artifacts
   */
  protected abstract List<String> expectedArtifacts();

  @Test
  void everyRuntimeDependency_resolvesAtTheVersionTheBuildTests() {
    Map<String, String> consumer = ResolvedVersions.read(path("consumer.resolved"));
    Map<String, String> build = ResolvedVersions.read(path("build.resolved"));

    for (String artifact : expectedArtifacts()) {
      assertTrue(consumer.containsKey(artifact), "this consumer does not resolve " + artifact);
    }
    List<String> differences = new ArrayList<>();
    consumer.forEach(
        (artifact, version) -> {
          String tested = build.get(artifact);
          if (!version.equals(tested)) {
            differences.add(
                artifact
                    + " "
                    + version
                    + (tested == null
                        ? " (the build resolves no such artifact)"
                        : " but the build tests " + tested));
          }
        });
    assertEquals(
        List.of(),
        differences,
        "A user's build resolves other versions than the build tests. Declare the artifact in the"
            + " module that needs it (as entities-client does for reactor-core and jna) and, if"
            + " its tree disagrees, list it in entities-bom");
  }

  private static Path path(String property) {
    String value = System.getProperty(property);
    assertTrue(value != null, "system property " + property + " is not set (see consumer-tests)");
    return Path.of(value);
  }
}
