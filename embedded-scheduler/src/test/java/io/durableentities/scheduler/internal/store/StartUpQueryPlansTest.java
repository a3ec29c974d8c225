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

/**
 * Start-up reads what is live through partial indexes, not by scanning every row: the entity locks
 * through {@code entities_locked}, the active instances' history through {@code instances_active}.
 */
class StartUpQueryPlansTest {

  @TempDir Path dataDir;

  @Test
  void startUpLockQuery_usesThePartialIndex() throws Exception {
    assertThat(
            plan(
                "SELECT hub, instance_id, locked_by, lock_critical_section FROM entities WHERE "
                    + Schema.LOCKED_ENTITIES_WHERE))
        .anySatisfy(step -> assertThat(step).contains("INDEX entities_locked"));
  }

  @Test
  void startUpHistoryQuery_walksTheActiveInstancesOnly() throws Exception {
    List<String> plan = plan(OrchestrationTables.ACTIVE_HISTORY);
    assertThat(plan)
        .anySatisfy(step -> assertThat(step).contains("SCAN i USING INDEX instances_active"));
    assertThat(plan).noneSatisfy(step -> assertThat(step).contains("sqlite_autoindex_instances"));
    assertThat(plan)
        .anySatisfy(step -> assertThat(step).contains("SEARCH h USING INDEX history_by_instance"));
  }

  private List<String> plan(String query) throws Exception {
    Store.open(dataDir, StoreOptions.DEFAULT).close();
    List<String> plan = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + query)) {
      while (rs.next()) {
        plan.add(rs.getString("detail"));
      }
    }
    return plan;
  }
}
