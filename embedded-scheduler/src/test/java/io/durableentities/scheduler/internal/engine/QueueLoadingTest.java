package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.WorkItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart on a file store listens before it reads the stored queues: the writer reads them in
 * pages ({@link QueueLoading#PAGE} messages) between requests. An entity delivers what is read, in
 * order, and a signal it received since the start only after every stored one: FIFO holds across
 * the restart.
 */
class QueueLoadingTest {

  @TempDir Path dataDir;

  private static final int PER_ENTITY = 6_000;
  private static final List<String> ENTITIES = List.of("@counter@a", "@counter@b");

  @Test
  void restart_servesBeforeTheQueuesAreRead_andKeepsFifoAcrossThePages() throws Exception {
    try (EngineDriver d = new EngineDriver(dataDir)) {
      // Stored queues, written straight to the database (one transaction), as a crash left them.
      try (Connection c = d.sql();
          PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO messages (id, hub, instance_id, request_id, kind, event, due_at,"
                      + " enqueued_at, attempts) VALUES (?, ?, ?, ?, 0, ?, 0, 1, 0)")) {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
          st.executeUpdate(
              "INSERT OR IGNORE INTO task_hubs (name, created_at) VALUES ('default', 1)");
        }
        long id = 0;
        for (int i = 0; i < PER_ENTITY; i++) {
          for (String entity : ENTITIES) {
            String requestId = guid();
            p.setLong(1, ++id);
            p.setString(2, HUB);
            p.setString(3, entity);
            p.setString(4, requestId);
            p.setBytes(
                5,
                HistoryEvent.newBuilder()
                    .setEventId(-1)
                    .setEntityOperationSignaled(
                        EntityOperationSignaledEvent.newBuilder()
                            .setRequestId(requestId)
                            .setOperation("op" + i))
                    .build()
                    .toByteArray());
            p.addBatch();
          }
        }
        p.executeBatch();
        c.commit();
      }

      d.restartHoldingWriter();
      boolean loadingWhileListening = d.facade().loadingQueues();
      List<String> hubs = d.facade().hubs();
      CompletableFuture<Void> late = d.facade().signal(HUB, signal("@counter@a", "late", guid()));
      d.releaseWriter();
      late.get(60, TimeUnit.SECONDS);
      FakeStream worker = d.stream();
      List<String> applied = new ArrayList<>();
      while (applied.size() < PER_ENTITY + 1) {
        WorkItem item = worker.nextEntity();
        if (item.getEntityRequestV2().getInstanceId().equals("@counter@a")) {
          item.getEntityRequestV2()
              .getOperationRequestsList()
              .forEach(
                  e ->
                      applied.add(
                          e.hasEntityOperationSignaled()
                              ? e.getEntityOperationSignaled().getOperation()
                              : e.getEntityOperationCalled().getOperation()));
        }
        d.facade().completeEntityTask(HUB, worker, resultAll(item, "1")).get(60, TimeUnit.SECONDS);
      }

      assertThat(loadingWhileListening).as("the queues are read after the start").isTrue();
      assertThat(hubs).containsExactly(HUB);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < PER_ENTITY; i++) {
        expected.add("op" + i);
      }
      expected.add("late");
      assertThat(applied).isEqualTo(expected);
      assertThat(d.facade().loadingQueues()).isFalse();
    }
  }
}
