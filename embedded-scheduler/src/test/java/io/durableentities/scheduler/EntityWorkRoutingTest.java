package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.WorkItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entity work goes first to workers that asked for it. A worker that sends an empty {@code
 * GetWorkItems} request may drop entity work items: the Java SDK 1.5.0 does, and a dropped item
 * waits for its lease to expire (60 s by default) before it is delivered again.
 */
class EntityWorkRoutingTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  @Test
  void entityWork_prefersAStreamThatAskedForEntities_overAnEmptyRequestWithFewerItems()
      throws Exception {
    TestWorker entities = h.workerFor("counter", "probe");
    h.signal("@probe@1", "ping", null);
    h.signal("@probe@2", "ping", null);
    assertThat(entityIdOf(entities.next())).startsWith("@probe@");
    assertThat(entityIdOf(entities.next())).startsWith("@probe@");
    TestWorker silent = h.worker();
    h.signal("@other@1", "ping", null);
    assertThat(entityIdOf(silent.next()))
        .as("only the empty-request stream takes 'other': both streams are registered")
        .isEqualTo("@other@1");

    h.signal("@counter@a", "add", "1");

    assertThat(entityIdOf(entities.next()))
        .as("sent to the stream that asked for entities although it holds more items")
        .isEqualTo("@counter@a");
    assertThat(silent.hasPending()).isFalse();
  }

  @Test
  void entityWork_stillReachesAnEmptyRequestStreamWhenItIsTheOnlyOne() throws Exception {
    TestWorker silent = h.worker();

    h.signal("@counter@a", "add", "1");

    assertThat(entityIdOf(silent.next())).isEqualTo("@counter@a");
  }

  private static String entityIdOf(WorkItem item) {
    return item.getEntityRequestV2().getInstanceId();
  }
}
