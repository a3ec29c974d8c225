package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.protocol.internal.WorkItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's backlog table (schema version 7) is written only while a backlog is pending: a
 * message that goes to memory writes no key (the normal path costs what it cost before), a spilled
 * one writes one, the pager removes the key of each message it reads, and the table is empty once
 * the backlog is read whole.
 */
class BacklogKeysTest {

  @TempDir Path dataDir;

  private static long count(EngineDriver d, String table) throws Exception {
    try (Connection c = d.sql();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void signalEach(EngineDriver d, int entities) throws Exception {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      sent.add(d.facade().signal(HUB, signal("@n@" + i, "op", guid())));
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  private static void applyAll(EngineDriver d, int operations) throws Exception {
    FakeStream worker = d.stream();
    int done = 0;
    while (done < operations) {
      WorkItem item = worker.nextEntity();
      done += item.getEntityRequestV2().getOperationRequestsCount();
      d.facade().completeEntityTask(HUB, worker, resultAll(item, "s")).get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void belowTheBound_signalsAndTheirExecution_writeNoBacklogKey() throws Exception {
    try (EngineDriver d =
        new EngineDriver(dataDir, EngineSeams.defaults(), b -> b.maxResidentEntities(1_000))) {
      signalEach(d, 200);

      assertThat(d.facade().loadingQueues()).as("nothing spilled").isFalse();
      assertThat(count(d, "messages")).isEqualTo(200);
      assertThat(count(d, "backlog")).as("queued in memory: no key").isZero();

      applyAll(d, 200);

      assertThat(count(d, "backlog")).isZero();
    }
  }

  @Test
  void aboveTheBound_eachSpilledMessageHasAKey_untilThePagerReadsIt() throws Exception {
    int bound = 10;
    try (EngineDriver d =
        new EngineDriver(dataDir, EngineSeams.defaults(), b -> b.maxResidentEntities(bound))) {
      signalEach(d, 100);

      assertThat(d.facade().loadingQueues()).as("a backlog is on disk").isTrue();
      assertThat(count(d, "backlog")).as("one key per spilled message").isEqualTo(100 - bound);

      applyAll(d, 100);

      await("the backlog is read whole")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !d.facade().loadingQueues());
      assertThat(count(d, "backlog")).as("emptied with the backlog").isZero();
    }
  }
}
