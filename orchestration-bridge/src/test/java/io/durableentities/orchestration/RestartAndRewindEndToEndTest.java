package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.DurableException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link OrchestrationClient#restart} and {@link OrchestrationClient#rewind} with our worker on the
 * embedded scheduler: a restart runs an instance again from its input; a rewind resumes a failed
 * one from its failed activity or sub-orchestration, and the activities that had completed do not
 * run again. (On Azure Durable Task Scheduler a rewind needs the worker to compute the new history,
 * which ours does not yet do, so this runs on the embedded scheduler only.)
 */
class RestartAndRewindEndToEndTest extends EndToEndFixture {

  /** Instances whose "Flaky" activity fails until the test repairs it. */
  private final Set<String> broken = ConcurrentHashMap.newKeySet();

  /** How often each activity ran, per instance: "instance/activity" to count. */
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  RestartAndRewindEndToEndTest() {
    super(SchedulerBackend.EMBEDDED_SCHEDULER);
  }

  @Override
  void entities(DurableWorker.Builder worker) {}

  @Override
  void orchestrations(Orchestrations.Builder registry) {
    registry
        .orchestration(
            "Pipeline",
            ctx -> {
              String prepared =
                  ctx.callActivity("Prepare", ctx.input(String.class), String.class).await();
              return ctx.callActivity("Flaky", prepared, String.class).await();
            })
        .orchestration(
            "PipelineParent",
            ctx -> {
              String order = ctx.input(String.class);
              String first = ctx.callActivity("Prepare", order, String.class).await();
              String child =
                  ctx.callSubOrchestration(
                          "Pipeline", order, ctx.instanceId() + "-child", String.class)
                      .await();
              return first + " / " + child;
            })
        .orchestration("WaitForGo", ctx -> ctx.waitForExternalEvent("go", String.class).await())
        .activity(
            "Prepare",
            ctx -> {
              count(ctx, "Prepare");
              return ctx.input(String.class) + " prepared";
            })
        .activity(
            "Flaky",
            ctx -> {
              count(ctx, "Flaky");
              if (broken.contains(ctx.instanceId())) {
                throw new IllegalStateException("downstream is down for " + ctx.instanceId());
              }
              return ctx.input(String.class) + ", sent";
            });
  }

  private void count(ActivityContext ctx, String activity) {
    runs.computeIfAbsent(ctx.instanceId() + "/" + activity, k -> new AtomicInteger())
        .incrementAndGet();
  }

  private int runsOf(String instanceId, String activity) {
    AtomicInteger n = runs.get(instanceId + "/" + activity);
    return n == null ? 0 : n.get();
  }

  @Test
  void rewind_failedActivity_runsOnlyThatActivityAgain() throws Exception {
    String id = "rewind-activity";
    broken.add(id);
    client.scheduleNew("Pipeline", "order-1", id);
    OrchestrationMetadata failed = finished(id);
    assertThat(failed.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);

    broken.remove(id);
    client.rewind(id, "downstream repaired");
    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("order-1 prepared, sent");
    assertThat(runsOf(id, "Prepare")).isEqualTo(1);
    assertThat(runsOf(id, "Flaky")).isEqualTo(2);
  }

  @Test
  void rewind_failedSubOrchestration_rewindsItWithoutRedoingCompletedWork() throws Exception {
    String id = "rewind-parent";
    String child = id + "-child";
    broken.add(child);
    client.scheduleNew("PipelineParent", "order-2", id);
    assertThat(finished(id).status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(finished(child).status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);

    broken.remove(child);
    client.rewind(id, null);
    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class))
        .isEqualTo("order-2 prepared / order-2 prepared, sent");
    assertThat(completed(child).readOutputAs(String.class)).isEqualTo("order-2 prepared, sent");
    assertThat(runsOf(id, "Prepare")).isEqualTo(1);
    assertThat(runsOf(child, "Prepare")).isEqualTo(1);
    assertThat(runsOf(child, "Flaky")).isEqualTo(2);
  }

  @Test
  void rewind_instanceThatDidNotFail_isRefusedNamingItAndItsStatus() throws Exception {
    String id = "rewind-completed";
    client.scheduleNew("Pipeline", "order-3", id);
    completed(id);

    assertThatThrownBy(() -> client.rewind(id, "why not"))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining("FAILED_PRECONDITION")
        .hasMessageContaining("'" + id + "'")
        .hasMessageContaining("COMPLETED")
        .hasMessageContaining("only a FAILED orchestration can be rewound");
  }

  @Test
  void restart_sameId_runsTheFinishedInstanceAgainFromItsInput() throws Exception {
    String id = "restart-same";
    client.scheduleNew("Pipeline", "order-4", id);
    completed(id);

    String again = client.restart(id, false);
    OrchestrationMetadata done = completed(again);

    assertThat(again).isEqualTo(id);
    assertThat(done.readOutputAs(String.class)).isEqualTo("order-4 prepared, sent");
    assertThat(runsOf(id, "Prepare")).isEqualTo(2);
  }

  @Test
  void restart_newId_leavesTheOriginalAndRunsACopy() throws Exception {
    String id = "restart-copy";
    client.scheduleNew("Pipeline", "order-5", id);
    completed(id);

    String copy = client.restart(id, true);

    assertThat(copy).isNotEqualTo(id);
    assertThat(completed(copy).readOutputAs(String.class)).isEqualTo("order-5 prepared, sent");
    assertThat(client.get(id).orElseThrow().status())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
  }

  @Test
  void restart_runningInstanceUnderItsOwnId_isRefusedNamingItsStatus() throws Exception {
    String id = "restart-running";
    client.scheduleNew("WaitForGo", null, id);
    client.waitForStart(id, WAIT);

    assertThatThrownBy(() -> client.restart(id, false))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining("FAILED_PRECONDITION")
        .hasMessageContaining("'" + id + "'")
        .hasMessageContaining("RUNNING")
        .hasMessageContaining("restart it with a new instance id");

    client.raiseEvent(id, "go", "went");
    assertThat(client.waitForCompletion(id, Duration.ofSeconds(60)).readOutputAs(String.class))
        .isEqualTo("went");
  }
}
