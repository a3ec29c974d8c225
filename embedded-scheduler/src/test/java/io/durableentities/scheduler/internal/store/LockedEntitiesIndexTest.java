package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up reads the entity locks through a partial index, not by scanning every entity row. */
class LockedEntitiesIndexTest {

  @TempDir Path dataDir;

  @Test
  void startUpLockQuery_usesThePartialIndex() throws Exception {
    Store.open(dataDir, StoreOptions.DEFAULT).close();
    List<String> plan = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "EXPLAIN QUERY PLAN SELECT hub, instance_id, locked_by, lock_critical_section"
                    + " FROM entities WHERE "
                    + Schema.LOCKED_ENTITIES_WHERE)) {
      while (rs.next()) {
        plan.add(rs.getString("detail"));
      }
    }
    assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX entities_locked"));
  }
}
