package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, then space freed, without a restart: every acknowledged signal is still there and
 * applied, nothing answered as failed was stored, and new writes succeed.
 *
 * <p>The disk is made "full" with SQLite's {@code PRAGMA max_page_count} on the writer's connection
 * (set through the engine's connection-setup seam, and raised again on the live connection to free
 * the space): SQLite then answers {@code SQLITE_FULL} and rolls the open transaction back by
 * itself, as it does when the file system is full.
 */
class DiskFullTest {

  @TempDir Path dataDir;
  @TempDir Path scratch;

  private final AtomicLong maxPages = new AtomicLong();
  private final AtomicReference<Connection> writerConnection = new AtomicReference<>();

  private void limit(Connection c) throws SQLException {
    writerConnection.set(c);
    try (Statement s = c.createStatement()) {
      if (maxPages.get() == 0) {
        try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
          rs.next();
          maxPages.set(rs.getLong(1) + 60);
        }
      }
      s.execute("PRAGMA max_page_count = " + maxPages.get());
    }
  }

  private void freeSpace() throws SQLException {
    maxPages.set(1_000_000);
    try (Statement s = writerConnection.get().createStatement()) {
      s.execute("PRAGMA max_page_count = " + maxPages.get());
    }
  }

  @Test
  void diskFull_thenSpaceFreed_withoutARestart() throws Exception {
    EngineSeams seams = EngineSeams.defaults().withConnectionSetup(this::limit);
    try (EngineDriver d = new EngineDriver(dataDir, seams)) {
      EngineFacade f = d.facade();
      List<String> acknowledged = new ArrayList<>();
      List<String> failed = new ArrayList<>();
      List<String> startedOk = new ArrayList<>();
      List<String> startFailed = new ArrayList<>();
      int failures = 0;
      for (int i = 0; i < 20_000 && failures < 30; i++) {
        String id = "@full@" + i;
        CompletableFuture<Void> w = f.signal(HUB, signal(id, "add", guid()));
        Status.Code code = EngineDriver.outcome(w);
        if (code == Status.Code.OK) {
          acknowledged.add(id);
        } else {
          assertThat(code).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(EngineDriver.description(w)).contains("full");
          failed.add(id);
          failures++;
        }
        if (i % 10 == 0) {
          String instance = "start-" + i;
          if (EngineDriver.outcome(f.startInstance(HUB, RecoveryTest.start(instance)))
              == Status.Code.OK) {
            startedOk.add(instance);
          } else {
            startFailed.add(instance);
          }
        }
      }
      assertThat(acknowledged).as("signals stored before the disk was full").hasSizeGreaterThan(50);
      assertThat(failed).hasSize(30);

      freeSpace();
      List<String> later = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        later.add("@later@" + i);
        f.signal(HUB, signal("@later@" + i, "add", guid())).get();
      }
      f.startInstance(HUB, RecoveryTest.start("after-the-disk-was-freed")).get();

      FakeStream worker = d.stream();
      Set<String> applied = new HashSet<>();
      while (applied.size() < acknowledged.size() + later.size()) {
        WorkItem item = worker.nextEntity();
        f.completeEntityTask(HUB, worker, resultAll(item, "\"applied\"")).get();
        applied.add(item.getEntityRequestV2().getInstanceId());
      }
      assertThat(applied)
          .containsAll(acknowledged)
          .containsAll(later)
          .doesNotContainAnyElementsOf(failed);
      for (String id : acknowledged) {
        assertThat(state(f, id)).isEqualTo("\"applied\"");
      }
      for (String id : failed) {
        assertThat(f.entity(HUB, id)).as("failed %s was not stored", id).isNull();
      }
      for (String id : startFailed) {
        assertThat(exists(f, id)).as("start answered as failed: %s", id).isFalse();
      }
      for (String id : startedOk) {
        assertThat(exists(f, id)).isTrue();
      }
      d.assertMemoryEqualsAFreshLoad(scratch);
    }
  }

  private static String state(EngineFacade f, String id) {
    return f.getEntity(
            HUB, GetEntityRequest.newBuilder().setInstanceId(id).setIncludeState(true).build())
        .getEntity()
        .getSerializedState()
        .getValue();
  }

  private static boolean exists(EngineFacade f, String id) {
    return f.getInstance(HUB, GetInstanceRequest.newBuilder().setInstanceId(id).build())
        .getExists();
  }
}
