package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.scheduler.SchedulerOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One damaged page of {@code entities} that start-up does not read: only the requests that touch it
 * fail, with DATA_LOSS naming the entity; everything else is served, in the same group too, and the
 * writer's statements stay usable afterwards.
 */
class CorruptPageTest {

  private static final int ENTITIES = 3000;

  @TempDir Path dataDir;

  private Connection db() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
  }

  /** Stores {@link #ENTITIES} entities that only hold a state (start-up leaves them on disk). */
  private void storeEntities() throws Exception {
    new EngineDriver(dataDir).close();
    try (Connection c = db()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT OR IGNORE INTO task_hubs (name, created_at) VALUES ('default', 0)");
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO entities (hub, instance_id, state, last_modified)"
                  + " VALUES ('default', ?, ?, 0)")) {
        for (int i = 0; i < ENTITIES; i++) {
          p.setString(1, id(i));
          p.setString(2, "\"state of " + i + "\"");
          p.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static String id(int i) {
    return String.format("@bulk@%05d", i);
  }

  /** Overwrites the header of a leaf page of {@code entities} in the middle of the table. */
  private void damageALeafPage() throws Exception {
    long page;
    int pageSize;
    try (Connection c = db();
        Statement s = c.createStatement()) {
      List<Long> leaves = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT pageno FROM dbstat WHERE name = 'entities' AND pagetype = 'leaf'"
                  + " ORDER BY path")) {
        while (rs.next()) {
          leaves.add(rs.getLong(1));
        }
      }
      assertThat(leaves).hasSizeGreaterThan(10);
      page = leaves.get(leaves.size() / 2);
      try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
        rs.next();
        pageSize = rs.getInt(1);
      }
    }
    try (RandomAccessFile f =
        new RandomAccessFile(dataDir.resolve("scheduler.db").toFile(), "rw")) {
      f.seek((page - 1) * pageSize);
      f.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    }
  }

  /** The entities whose rows SQLite can no longer read. */
  private List<String> unreadable() throws SQLException {
    List<String> bad = new ArrayList<>();
    try (Connection c = db()) {
      for (int i = 0; i < ENTITIES; i++) {
        // A statement that failed is not used again (the driver leaves it unusable).
        try (PreparedStatement p =
            c.prepareStatement(
                "SELECT state FROM entities WHERE hub = 'default' AND instance_id = ?")) {
          p.setString(1, id(i));
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
          }
        } catch (SQLException e) {
          bad.add(id(i));
        }
      }
    }
    return bad;
  }

  @Test
  void onlyTheRequestsThatTouchTheDamagedPageFail_namingTheEntity() throws Exception {
    storeEntities();
    damageALeafPage();
    List<String> bad = unreadable();
    assertThat(bad).isNotEmpty().hasSizeLessThan(ENTITIES / 4);
    String damaged = bad.get(0);
    String fine = id(0).equals(damaged) ? id(ENTITIES - 1) : id(0);

    try (EngineDriver d = new EngineDriver(dataDir)) {
      EngineFacade f = d.facade();

      CompletableFuture<Void> toDamaged = f.signal(HUB, signal(damaged, "add", guid()));
      assertThat(EngineDriver.outcome(toDamaged)).isEqualTo(Status.Code.DATA_LOSS);
      assertThat(EngineDriver.description(toDamaged)).contains(damaged).contains("damaged");
      assertThatThrownBy(() -> get(f, damaged))
          .isInstanceOf(StatusRuntimeException.class)
          .satisfies(
              e ->
                  assertThat(((StatusRuntimeException) e).getStatus().getCode())
                      .isEqualTo(Status.Code.DATA_LOSS))
          .hasMessageContaining(damaged);

      List<Supplier<CompletableFuture<?>>> group = new ArrayList<>();
      group.add(() -> f.signal(HUB, signal(fine, "add", guid())));
      group.add(() -> f.signal(HUB, signal(bad.get(bad.size() - 1), "add", guid())));
      group.add(() -> f.signal(HUB, signal("@new@1", "add", guid())));
      assertThat(d.inOneGroup(group))
          .as("the signal to the damaged page fails alone; its group is committed")
          .containsExactly(Status.Code.OK, Status.Code.DATA_LOSS, Status.Code.OK);

      for (int i = 0; i < 200; i++) {
        f.signal("another-hub", signal("@fresh@" + i, "add", guid())).get();
      }
      assertThat(get(f, fine).getEntity().getSerializedState().getValue()).contains("state of");
      assertThat(f.entity(HUB, fine).queueSize()).isEqualTo(1);
      FakeStream worker = d.stream();
      assertThat(worker.nextEntity().getEntityRequestV2().getInstanceId()).isIn(fine, "@new@1");
    }
  }

  @Test
  void integrityCheckOption_refusesADamagedDatabase_namingTheProblems() throws Exception {
    storeEntities();
    EngineSeams seams = EngineSeams.defaults();
    Engine.start(SchedulerOptions.newBuilder().dataDir(dataDir).integrityCheck(true).build(), seams)
        .close();
    damageALeafPage();

    assertThatThrownBy(
            () ->
                Engine.start(
                    SchedulerOptions.newBuilder().dataDir(dataDir).integrityCheck(true).build(),
                    seams))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failed its integrity check")
        .hasMessageContaining("Restore the data directory from a backup");
    // Without the check it starts, and only what touches the damage fails.
    Engine.start(SchedulerOptions.newBuilder().dataDir(dataDir).build(), seams).close();
  }

  private static io.durableentities.protocol.internal.GetEntityResponse get(
      EngineFacade f, String id) {
    return f.getEntity(
        HUB, GetEntityRequest.newBuilder().setInstanceId(id).setIncludeState(true).build());
  }
}
