package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official Durable Task JavaScript SDK ({@code @microsoft/durabletask-js}) signals, reads and
 * queries a counter entity hosted by its own worker, against the scheduler jar: code we did not
 * write agrees with our reading of the contract.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js} ({@code .ci/run} does both).
 * Skips where they are missing, except with {@code CI=true}, where a missing prerequisite fails.
 */
class JsSdkInteropIT {

  @Test
  void jsSdk_signalsGetsAndQueriesACounter() throws Exception {
    runScript("counter-interop.mjs");
  }

  /**
   * Chaining, fan-out/fan-in, a durable timer, an external event, a sub-orchestration, entity calls
   * and signals, and 20 concurrent locked transfers between 4 accounts in both directions that all
   * complete (no deadlock), conserve the total and leave no entity locked.
   */
  @Test
  void jsSdk_runsOrchestrationsThatCallSignalAndLockEntities() throws Exception {
    assertThat(runScript("orchestration-interop.mjs")).contains("transfers=20/20 completed");
  }

  /**
   * The SDK client's restartOrchestration (same id, new id, refused while running) and
   * rewindInstance (a failed activity runs again, the completed one does not; a failed
   * sub-orchestration is rewound with its parent; refused for a completed instance), with the SDK's
   * own worker replaying the rewound history.
   */
  @Test
  void jsSdk_restartsAndRewindsOrchestrations() throws Exception {
    assertThat(runScript("restart-rewind-interop.mjs"))
        .contains(
            "rewound=", "rewoundParent=", "restartRunning=refused", "rewindCompleted=refused");
  }

  private static String runScript(String script) throws Exception {
    NodeScript.requirePrerequisites();
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        NodeScript node = NodeScript.start(script, scheduler, Map.of())) {
      return node.awaitSuccess(Duration.ofSeconds(120), scheduler);
    }
  }
}
