package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.scheduleTask;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.operations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.ActivityFilter;
import io.durableentities.protocol.internal.EntityFilter;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.WorkItemFilters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Work that waits for a name no connected worker hosts waits visibly: a warning per name and
 * period, {@code GetEntity} shows the backlog, and the dashboard flags the name.
 */
class UnhostedNamesTest {

  private final SchedulerHarness h = new SchedulerHarness(b -> b.dashboardPort(0));

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  /** A worker that hosts the entity "counter", the orchestration "O" and the activity "A". */
  private TestWorker filteredWorker() {
    return h.worker(
        null,
        GetWorkItemsRequest.newBuilder()
            .setWorkItemFilters(
                WorkItemFilters.newBuilder()
                    .addEntities(EntityFilter.newBuilder().setName("counter"))
                    .addOrchestrations(OrchestrationFilter.newBuilder().setName("O"))
                    .addActivities(ActivityFilter.newBuilder().setName("A")))
            .build());
  }

  /** What the scheduler logs (slf4j-simple writes to System.err) while {@code run} runs. */
  private static String logOf(Runnable run) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private String maintenanceAfter(Duration elapsed) {
    return logOf(
        () -> {
          h.clock.advance(elapsed);
          h.runMaintenanceNow();
        });
  }

  @Test
  void workForNamesNoWorkerHosts_isWarnedAbout_oncePerNameAndPeriod() throws Exception {
    TestWorker worker = filteredWorker();
    h.signal("@countr@k", "add", "1");
    h.signal("@counter@ok", "add", "1");
    h.client.startInstance(start("typo", "Tpyo", null).build());
    h.client.startInstance(start("o1", "O", null).build());
    worker.completeOrchestrator(
        response(worker.nextOrchestration(), scheduleTask(1, "Missing", null)).build());
    assertThat(operations(worker.nextEntity())).containsExactly("add");

    String early = maintenanceAfter(Duration.ofSeconds(1));
    String first = maintenanceAfter(Duration.ofSeconds(5));
    String again = maintenanceAfter(Duration.ofSeconds(2));
    String later = maintenanceAfter(Duration.ofMinutes(5));

    assertThat(early).as("within the grace period").doesNotContain("no connected worker hosts");
    assertThat(first)
        .contains(
            "Work waits for entity name 'countr' in task hub default (for example entity"
                + " @countr@k), but no connected worker hosts it",
            "Work waits for orchestration 'Tpyo' in task hub default (for example instance typo)",
            "Work waits for activity 'Missing' in task hub default")
        .doesNotContain("'counter'", "orchestration 'O'");
    assertThat(first.split("no connected worker hosts", -1)).as("three warnings").hasSize(4);
    assertThat(again).as("not again within the period").doesNotContain("no connected worker hosts");
    assertThat(later).as("again after the period").contains("entity name 'countr'");
  }

  @Test
  void getEntity_ofAnEntityWithQueuedSignalsButNoState_showsItsBacklog() {
    h.signal("@nobody@k", "add", "1");
    h.signal("@nobody@k", "add", "2");

    GetEntityResponse r = h.get("@nobody@k");

    assertThat(r.getExists()).isTrue();
    assertThat(r.getEntity().getInstanceId()).isEqualTo("@nobody@k");
    assertThat(r.getEntity().getBacklogQueueSize()).isEqualTo(2);
    assertThat(r.getEntity().hasSerializedState()).as("no state yet").isFalse();
    assertThat(h.get("@nobody@never").getExists()).as("nothing queued, no state").isFalse();
  }

  @Test
  void dashboard_flagsNamesNoWorkerHosts() throws Exception {
    filteredWorker();
    DashboardHttp http = new DashboardHttp(h.scheduler.dashboardPort().orElseThrow());
    h.signal("@countr@k", "add", "1");
    h.client.startInstance(start("typo", "Tpyo", null).build());

    JsonNode unhostedEntity = http.get("/api/entities/%40countr%40k").body();
    JsonNode unhostedInstance = http.get("/api/orchestrations/typo").body();
    h.signal("@counter@k", "add", "1");
    JsonNode hostedEntity = http.get("/api/entities/%40counter%40k").body();

    assertThat(unhostedEntity.get("hosted").asBoolean()).isFalse();
    assertThat(unhostedInstance.get("hosted").asBoolean()).isFalse();
    assertThat(hostedEntity.get("hosted").asBoolean()).isTrue();
    assertThat(http.get("/assets/app.js").raw().body())
        .contains("No worker hosts this name", "entity-unhosted", "instance-unhosted");
  }

  /**
   * An instance whose version no connected worker's filters list waits as visibly as one of an
   * unhosted name: warned about with its version, flagged on the dashboard, while an instance of a
   * version the worker lists is neither.
   */
  @Test
  void instancesOfAVersionNoWorkerTakes_areWarnedAboutAndFlagged() throws Exception {
    TestWorker worker =
        h.worker(
            null,
            GetWorkItemsRequest.newBuilder()
                .setWorkItemFilters(
                    WorkItemFilters.newBuilder()
                        .addOrchestrations(
                            OrchestrationFilter.newBuilder().setName("O").addVersions("1.0")))
                .build());
    DashboardHttp http = new DashboardHttp(h.scheduler.dashboardPort().orElseThrow());
    h.client.startInstance(start("new", "O", null).setVersion(StringValue.of("2.0")).build());
    h.client.startInstance(start("old", "O", null).setVersion(StringValue.of("1.0")).build());
    assertThat(worker.nextOrchestration().getOrchestratorRequest().getInstanceId())
        .isEqualTo("old");

    maintenanceAfter(Duration.ofSeconds(1)); // the wait is seen; the grace period starts
    String log = maintenanceAfter(Duration.ofSeconds(6));
    JsonNode waiting = http.get("/api/orchestrations/new").body();
    JsonNode taken = http.get("/api/orchestrations/old").body();

    assertThat(log)
        .contains(
            "Work waits for orchestration 'O' version '2.0' in task hub default (for example"
                + " instance new; connected workers take other versions of it")
        .doesNotContain("version '1.0'");
    assertThat(waiting.get("hosted").asBoolean()).isFalse();
    assertThat(taken.get("hosted").asBoolean()).isTrue();
    assertThat(http.get("/assets/app.js").raw().body()).contains("No worker hosts this version");
  }
}
