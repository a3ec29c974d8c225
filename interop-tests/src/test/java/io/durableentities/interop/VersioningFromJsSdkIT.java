package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The version the official JS SDK 0.4.0's client starts an orchestration with ({@code
 * StartOrchestrationOptions.version}) reaches our worker: {@code version-interop.mjs} starts {@code
 * Versioned} at version 2.0; our worker in this JVM runs only version 2.0 ({@code STRICT}, which
 * also puts the version in its work-item filters) and returns the version its context shows.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * Skips where they are missing, except with {@code CI=true}, where a missing prerequisite fails.
 */
class VersioningFromJsSdkIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  @Test
  void jsClientsVersion_reachesOurWorkersContext() throws Exception {
    NodeScript.requirePrerequisites();
    String instance = "js-versioned-" + UUID.randomUUID().toString().substring(0, 8);
    Orchestrations code =
        Orchestrations.newBuilder()
            .orchestration("Versioned", ctx -> "version " + ctx.version())
            .build();
    OrchestrationVersioning strict =
        OrchestrationVersioning.newBuilder()
            .version("2.0")
            .matchStrategy(OrchestrationVersioning.MatchStrategy.STRICT)
            .build();
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableWorker worker =
            DurableWorker.newBuilder(scheduler.connectionString())
                .extension(OrchestrationWorker.newBuilder(code).versioning(strict).build())
                .start();
        DurableClient durable = DurableClient.connect(scheduler.connectionString())) {
      assertThat(worker.awaitConnected(DEADLINE)).isTrue();
      String ok;
      try (NodeScript node =
          NodeScript.start(
              "version-interop.mjs",
              scheduler,
              Map.of("VERSION", "2.0", "INSTANCE_ID", instance))) {
        ok = node.awaitSuccess(DEADLINE, scheduler);
      }

      assertThat(ok).contains("output=\"version 2.0\"");
      assertThat(OrchestrationClient.of(durable).get(instance).orElseThrow().version())
          .hasValue("2.0");
    }
  }
}
