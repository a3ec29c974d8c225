package io.durableentities.benchmarks.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak scenario (g) with small numbers: the scheduler process keeps its heap after GC under its
 * {@code -Xmx} and its idle entities within {@code --max-resident-entities} while many more
 * entities were touched, and the series, its JSON and the chart are written. Speed is never
 * asserted.
 */
class SoakScenarioSmokeTest {

  private static final int ENTITIES = 2000;
  private static final int MAX_RESIDENT = 100;
  private static final int HEAP_MIB = 256;

  @TempDir static Path out;
  @TempDir static Path scratch;

  private static Map<String, Double> measured;
  private static List<Figure> figures;

  /** More than 15 s at 20/s start: the steady load runs on past its duration until then. */
  private static final long ORCHESTRATIONS = 400;

  /** 30–80 s: a scheduler process, 2,000 signals, 15-30 s of steady load, a restart. */
  @BeforeAll
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  static void runOnce() throws Exception {
    SoakOptions soak =
        new SoakOptions(
            ENTITIES,
            500,
            0.5,
            20,
            ORCHESTRATIONS,
            Duration.ofSeconds(2),
            Duration.ofSeconds(15),
            HEAP_MIB,
            MAX_RESIDENT,
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1));
    RunnerOptions options =
        RunnerOptions.defaults()
            .quickSizes()
            .target(out, Set.of("g"))
            .timing(1, Duration.ofSeconds(1), Duration.ofSeconds(1))
            .soakOf(soak);
    SoakScenario g = new SoakScenario();
    measured = g.runOnce(new RunContext(options, scratch));
    Map<String, Stats> stats = new LinkedHashMap<>();
    measured.forEach((k, v) -> stats.put(k, Stats.of(List.of(v))));
    figures = g.figures(stats, new Limits(Map.of()));
  }

  @Test
  void heapAfterGc_isMeasured_andStaysUnderTheBound() {
    assertThat(measured.get("heapMax")).isFinite().isPositive().isLessThan(HEAP_MIB);
    assertThat(figure("heap after GC, highest sample").met()).isTrue();
    assertThat(measured.get("rssMax")).isPositive();
  }

  @Test
  void idleEntities_stayWithinMaxResident_whileMoreWereTouched() {
    assertThat(measured.get("entityRows")).isEqualTo(ENTITIES);
    assertThat(measured.get("residentMax")).isPositive();
    assertThat(measured.get("residentAtEnd")).isLessThanOrEqualTo(MAX_RESIDENT);
    assertThat(figure("resident entities after the drain (all idle)").met()).isTrue();
  }

  @Test
  void everySignalAndOrchestration_wasApplied_andTheRestartServed() {
    assertThat(measured.get("signalsSent")).isGreaterThan(ENTITIES);
    assertThat(measured.get("orchestrationsStarted")).isGreaterThanOrEqualTo(ORCHESTRATIONS);
    assertThat(figure("orchestrations started").met()).isTrue();
    assertThat(measured.get("steadySeconds")).isGreaterThan(19);
    assertThat(measured.get("restartFirstServed")).isFinite().isPositive();
    assertThat(measured.get("entityScan")).isFinite().isPositive();
    assertThat(figure("restart: start to first served operation").target()).contains("2x");
  }

  @Test
  void seriesCsvAndJson_holdEverySample() throws Exception {
    List<String> csv = Files.readAllLines(out.resolve("soak-g.csv"));
    JsonNode json = new ObjectMapper().readTree(out.resolve("soak-g.json").toFile());

    assertThat(csv.get(0)).isEqualTo(SoakSeries.CSV_HEADER);
    assertThat(csv).hasSizeGreaterThan(10);
    for (String row : csv.subList(1, csv.size())) {
      assertThat(row.split(",")).as(row).hasSize(12);
    }
    assertThat(csv.stream().skip(1).map(r -> r.split(",")[1])).contains("fill", "steady", "drain");
    assertThat(json.path("samples").size()).isEqualTo(csv.size() - 1);
    assertThat(json.path("settings").path("schedulerArgs").toString())
        .contains("--max-resident-entities", "--instance-retention", "--dedup-window");
  }

  @Test
  void chart_isAPng() throws Exception {
    BufferedImage png = ImageIO.read(out.resolve("soak-g.png").toFile());

    assertThat(png).isNotNull();
    assertThat(png.getWidth()).isEqualTo(900);
    assertThat(png.getHeight()).isEqualTo(1100);
  }

  private static Figure figure(String label) {
    return figures.stream()
        .filter(f -> f.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no figure '" + label + "'"));
  }
}
