package io.durableentities.samples.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountersOptionsTest {

  @Test
  void noOptions_runTheEmbeddedScheduler() {
    CountersOptions options = CountersOptions.parse(Map.of());

    assertThat(options.connection()).isNull();
    assertThat(options.dataDir()).isEqualTo(CountersOptions.DEFAULT_DATA_DIR);
  }

  @Test
  void connection_comesFromTheFlag_thenDurableConnection_thenDtsConnectionString() {
    Map<String, String> both = Map.of("DURABLE_CONNECTION", "a", "DTS_CONNECTION_STRING", "b");

    assertThat(CountersOptions.parse(both, "--connection", "c").connection()).isEqualTo("c");
    assertThat(CountersOptions.parse(both).connection()).isEqualTo("a");
    assertThat(CountersOptions.parse(Map.of("DTS_CONNECTION_STRING", "b")).connection())
        .isEqualTo("b");
    assertThat(CountersOptions.parse(Map.of("DURABLE_CONNECTION", " ")).connection()).isNull();
  }

  @Test
  void dataDir_isTaken() {
    assertThat(CountersOptions.parse(Map.of(), "--data-dir", "x").dataDir())
        .isEqualTo(Path.of("x"));
  }

  @Test
  void badOptions_failWithTheUsage() {
    assertThatThrownBy(() -> CountersOptions.parse(Map.of(), "--nope", "1"))
        .hasMessageContaining("unknown option --nope")
        .hasMessageContaining("usage: counters");
    assertThatThrownBy(() -> CountersOptions.parse(Map.of(), "--connection"))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> CountersOptions.parse(Map.of(), "--help"))
        .hasMessageStartingWith("usage: counters");
  }
}
