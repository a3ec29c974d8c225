package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration processor's metadata (what IDEs complete) describes every {@code durable.*}
 * property with its default, and docs/spring-boot.md's property reference lists each of them.
 */
class ConfigurationMetadataTest {

  private static Map<String, JsonNode> properties() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        byName.put(property.get("name").asText(), property);
      }
      return byName;
    }
  }

  @Test
  void everyProperty_hasADescription_andTheDefaultsAreThere() throws Exception {
    Map<String, JsonNode> properties = properties();

    assertThat(properties)
        .containsKeys(
            "durable.connection-string",
            "durable.endpoint",
            "durable.task-hub",
            "durable.authentication",
            "durable.embedded.enabled",
            "durable.embedded.data-dir",
            "durable.embedded.port",
            "durable.embedded.dashboard.enabled",
            "durable.embedded.dashboard.port",
            "durable.worker.enabled",
            "durable.worker.max-concurrent-entity-work-items",
            "durable.worker.shutdown-timeout",
            "durable.client.call-timeout",
            "durable.client.health-timeout");
    assertThat(properties.values())
        .allSatisfy(p -> assertThat(p.path("description").asText()).as(p.toString()).isNotBlank());
    assertThat(properties.get("durable.embedded.enabled").get("defaultValue").asBoolean()).isTrue();
    assertThat(properties.get("durable.embedded.data-dir").get("defaultValue").asText())
        .isEqualTo(".durable-data");
    assertThat(properties.get("durable.embedded.dashboard.port").get("defaultValue").asInt())
        .isEqualTo(8082);
    assertThat(properties.get("durable.worker.shutdown-timeout").get("defaultValue").asText())
        .isEqualTo("25s");
    assertThat(properties.get("durable.client.call-timeout").get("defaultValue").asText())
        .isEqualTo("30s");
  }

  @Test
  void docsPropertyReference_listsEveryProperty() throws Exception {
    Path page = repositoryRoot().resolve("docs/spring-boot.md");
    String text = Files.readString(page, StandardCharsets.UTF_8);

    assertThat(properties().keySet())
        .allSatisfy(
            name -> assertThat(text).as(page + " names " + name).contains("`" + name + "`"));
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/README.md"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docs/README.md above " + Path.of("").toAbsolutePath());
  }
}
