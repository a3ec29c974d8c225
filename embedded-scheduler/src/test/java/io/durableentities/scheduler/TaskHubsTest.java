package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskHubsTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void twoTaskHubs_areIsolated() throws Exception {
    TestWorker red = h.worker("red", GetWorkItemsRequest.getDefaultInstance());
    TestWorker blue = h.worker("blue", GetWorkItemsRequest.getDefaultInstance());

    h.client("red").signalEntity(signalRequest("@counter@a", "add", "1"));
    WorkItem redItem = red.next();
    red.complete(resultAll(redItem, "red-state").build());
    h.client("blue").signalEntity(signalRequest("@counter@a", "add", "2"));
    WorkItem blueItem = blue.next();

    assertThat(blueItem.getEntityRequestV2().hasEntityState()).as("blue's entity is new").isFalse();
    assertThat(red.hasPending()).isFalse();
    GetEntityRequest get =
        GetEntityRequest.newBuilder().setInstanceId("@counter@a").setIncludeState(true).build();
    assertThat(h.client("red").getEntity(get).getEntity().getSerializedState().getValue())
        .isEqualTo("red-state");
    assertThat(h.client("blue").getEntity(get).getEntity().hasSerializedState()).isFalse();
    assertThat(h.client.getEntity(get).getExists()).as("the default hub").isFalse();
  }

  @Test
  void noHeader_isTheDefaultHub() throws Exception {
    TestWorker worker = h.worker("default", GetWorkItemsRequest.getDefaultInstance());

    h.signal("@counter@a", "add", "1");

    assertThat(worker.next().getEntityRequestV2().getInstanceId()).isEqualTo("@counter@a");
  }
}
