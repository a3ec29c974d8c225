package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.durableentities.scheduler.internal.engine.orchestration.TaskLeases;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Orchestration versions in dispatch: the versions of a worker's {@code OrchestrationFilter}s route
 * instances, and an abandoned orchestrator work item (a worker rejecting a version) goes to another
 * worker at once but back to the one that abandoned it only after a back-off.
 */
class OrchestrationVersionRoutingTest {

  private final SchedulerHarness h = new SchedulerHarness(b -> b);

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void filterVersions_routeInstancesByVersion_andAnUnmatchedVersionWaits() throws Exception {
    TestWorker v1 = h.worker(null, filters("Checkout", "1.0"));
    start("a", "2.0");
    start("b", "1.0");

    assertThat(instanceOf(v1.nextOrchestration()))
        .as("instance a (2.0) was ready first but is not offered to the 1.0 worker")
        .isEqualTo("b");

    TestWorker v2 = h.worker(null, filters("Checkout", "2.0", "2.1"));
    assertThat(instanceOf(v2.nextOrchestration())).isEqualTo("a");
    start("c", null);
    start("d", "2.1");
    assertThat(instanceOf(v2.nextOrchestration()))
        .as("instance c has no version, which no filter with versions takes")
        .isEqualTo("d");

    TestWorker any = h.worker(null, filters("Checkout"));
    assertThat(instanceOf(any.nextOrchestration())).isEqualTo("c");
  }

  @Test
  void abandonedOrchestration_goesToAnotherWorkerAtOnce_andBackOnlyAfterTheBackOff()
      throws Exception {
    TestWorker first = h.worker(null, filters("Checkout"));
    start("i-1", "2.0");
    WorkItem item = first.nextOrchestration();

    abandon(first, item);
    start("i-2", "2.0");
    assertThat(instanceOf(first.nextOrchestration()))
        .as("the abandoned instance is held back from the worker that abandoned it")
        .isEqualTo("i-2");
    TestWorker second = h.worker(null, filters("Checkout"));
    WorkItem taken = second.nextOrchestration();
    assertThat(instanceOf(taken)).isEqualTo("i-1");

    abandon(second, taken);
    h.clock.advance(Duration.ofMillis(TaskLeases.ABANDON_BACKOFF_MILLIS));
    h.runMaintenanceNow();
    WorkItem again = first.nextOrchestration();
    assertThat(instanceOf(again))
        .as("after the back-off the first worker may take it again")
        .isEqualTo("i-1");
    assertThat(again.getCompletionToken()).isNotEqualTo(item.getCompletionToken());
  }

  private static GetWorkItemsRequest filters(String name, String... versions) {
    OrchestrationFilter.Builder filter = OrchestrationFilter.newBuilder().setName(name);
    for (String v : versions) {
      filter.addVersions(v);
    }
    return GetWorkItemsRequest.newBuilder()
        .setWorkItemFilters(WorkItemFilters.newBuilder().addOrchestrations(filter))
        .build();
  }

  private void start(String id, String version) {
    CreateInstanceRequest.Builder r =
        CreateInstanceRequest.newBuilder().setInstanceId(id).setName("Checkout");
    if (version != null) {
      r.setVersion(StringValue.of(version));
    }
    h.client.startInstance(r.build());
  }

  private static void abandon(TestWorker worker, WorkItem item) {
    worker
        .stub()
        .abandonTaskOrchestratorWorkItem(
            AbandonOrchestrationTaskRequest.newBuilder()
                .setCompletionToken(item.getCompletionToken())
                .build());
  }

  private static String instanceOf(WorkItem item) {
    return item.getOrchestratorRequest().getInstanceId();
  }
}
