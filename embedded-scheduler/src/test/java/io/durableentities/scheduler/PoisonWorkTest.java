package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.EntityOperationFailedEvent;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationFilter;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work that can never be done ends: failed deliveries count, whatever the worker did before. */
class PoisonWorkTest {

  private final SchedulerHarness h =
      new SchedulerHarness(b -> b.leaseTimeout(Duration.ofSeconds(30)).maxDeliveryAttempts(3));

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void aWorkerWhoseStreamDiesOnACall_usesUpItsAttempts_andTheCallerGetsTheReason()
      throws Exception {
    TestWorker orchestrations =
        h.worker(
            null,
            GetWorkItemsRequest.newBuilder()
                .setWorkItemFilters(
                    WorkItemFilters.newBuilder()
                        .addOrchestrations(OrchestrationFilter.newBuilder().setName("O")))
                .build());
    h.client.startInstance(start("o1", "O", null).build());
    String requestId = UUID.randomUUID().toString();
    orchestrations.completeOrchestrator(
        response(
                orchestrations.nextOrchestration(),
                Orch.callEntity(1, "@counter@p", "crash", null, requestId))
            .build());

    for (int attempt = 1; attempt <= 3; attempt++) {
      // A fresh worker process each time: it takes the operation and dies before completing it.
      TestWorker crashing = h.workerFor("counter");
      WorkItem item = crashing.nextEntity();
      assertThat(item.getEntityRequestV2().getOperationRequests(0))
          .as("delivery %d of 3", attempt)
          .extracting(e -> e.getEntityOperationCalled().getOperation())
          .isEqualTo("crash");
      crashing.cancel();
    }

    HistoryEvent answer = Orch.lastNew(orchestrations.nextOrchestration());
    assertThat(answer.hasEntityOperationFailed()).as("the call failed to its caller").isTrue();
    EntityOperationFailedEvent failed = answer.getEntityOperationFailed();
    assertThat(failed.getRequestId()).isEqualTo(requestId);
    assertThat(failed.getFailureDetails().getIsNonRetriable()).isTrue();
    assertThat(failed.getFailureDetails().getErrorMessage())
        .contains("'crash'", "@counter@p", "3 attempts", "stream", "ended");
    assertThat(h.get("@counter@p").getExists()).as("nothing is left queued").isFalse();
  }

  @Test
  void leaseExpiry_onAStreamThatAskedForEntityWork_countsEvenBeforeAnyCompletion()
      throws Exception {
    TestWorker hanging =
        h.worker(null, GetWorkItemsRequest.newBuilder().setMaxConcurrentEntityWorkItems(4).build());
    h.signal("@counter@h", "hang", null);
    hanging.next();

    for (int expiry = 1; expiry <= 2; expiry++) {
      h.clock.advance(Duration.ofSeconds(31));
      h.runMaintenanceNow();
      assertThat(SchedulerHarness.operations(hanging.next()))
          .as("delivered again after expiry %d of 3", expiry)
          .containsExactly("hang");
    }
    h.clock.advance(Duration.ofSeconds(31));
    h.runMaintenanceNow();
    h.signal("@sentinel@s", "probe", null);

    assertThat(hanging.next().getEntityRequestV2().getInstanceId())
        .as("the third expiry dropped the operation")
        .isEqualTo("@sentinel@s");
  }
}
