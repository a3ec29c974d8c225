package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * A new database is created at the current schema version directly, and is, table for table and
 * index for index, what the migrations make of a database of version 1.
 */
class SchemaTest {

  @TempDir Path fresh;
  @TempDir Path migrated;

  /** The schema of version 1 as it was released (the oldest a data directory can have). */
  private static final List<String> VERSION_1 =
      List.of(
          "CREATE TABLE task_hubs (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL)",
          "CREATE TABLE entities (hub TEXT NOT NULL, instance_id TEXT NOT NULL, state TEXT,"
              + " locked_by TEXT, lock_critical_section TEXT, last_modified INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id))",
          "CREATE TABLE messages (id INTEGER PRIMARY KEY, hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL, request_id TEXT NOT NULL, kind INTEGER NOT NULL,"
              + " parent_instance_id TEXT, parent_execution_id TEXT, event BLOB NOT NULL,"
              + " due_at INTEGER NOT NULL, enqueued_at INTEGER NOT NULL,"
              + " attempts INTEGER NOT NULL DEFAULT 0)",
          "CREATE INDEX messages_by_entity ON messages (hub, instance_id, id)",
          "CREATE TABLE dedup (hub TEXT NOT NULL, instance_id TEXT NOT NULL,"
              + " request_id TEXT NOT NULL, seen_at INTEGER NOT NULL,"
              + " PRIMARY KEY (hub, instance_id, request_id)) WITHOUT ROWID",
          "CREATE INDEX dedup_by_time ON dedup (seen_at)",
          "CREATE TABLE orchestration_starts (id INTEGER PRIMARY KEY, hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL, name TEXT NOT NULL, action BLOB NOT NULL,"
              + " start_at INTEGER NOT NULL, created_at INTEGER NOT NULL, source_entity TEXT)",
          "CREATE TABLE orchestration_inbox (id INTEGER PRIMARY KEY, hub TEXT NOT NULL,"
              + " instance_id TEXT NOT NULL, execution_id TEXT, event BLOB NOT NULL,"
              + " created_at INTEGER NOT NULL)",
          "CREATE INDEX orchestration_inbox_by_instance ON orchestration_inbox"
              + " (hub, instance_id, id)",
          "PRAGMA user_version = 1");

  private static String log(Path dataDir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      Store.open(dataDir, StoreOptions.DEFAULT).close();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Tables with their columns, indexes with their columns and conditions, and the version. */
  private static List<String> describe(Path dataDir) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Store.DB_FILE));
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
        rs.next();
        out.add("version " + rs.getInt(1));
      }
      List<String[]> objects = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                  + " ORDER BY type, name")) {
        while (rs.next()) {
          objects.add(
              new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
        }
      }
      for (String[] o : objects) {
        if (o[0].equals("table")) {
          out.add("table " + o[1] + (o[3].contains("WITHOUT ROWID") ? " without rowid" : ""));
          try (ResultSet rs = s.executeQuery("PRAGMA table_info(" + o[1] + ")")) {
            while (rs.next()) {
              out.add(
                  "  column "
                      + rs.getString("name")
                      + " "
                      + rs.getString("type")
                      + (rs.getBoolean("notnull") ? " not null" : "")
                      + (rs.getString("dflt_value") == null
                          ? ""
                          : " = " + rs.getString("dflt_value"))
                      + (rs.getInt("pk") > 0 ? " pk" + rs.getInt("pk") : ""));
            }
          }
        } else if (o[0].equals("index")) {
          String where = o[3].contains(" WHERE ") ? o[3].substring(o[3].indexOf(" WHERE ")) : "";
          StringBuilder columns = new StringBuilder();
          try (ResultSet rs = s.executeQuery("PRAGMA index_info(" + o[1] + ")")) {
            while (rs.next()) {
              columns.append(rs.getString("name")).append(' ');
            }
          }
          out.add("index " + o[1] + " on " + o[2] + " (" + columns.toString().trim() + ")" + where);
        }
      }
    }
    return out;
  }

  @Test
  void aNewDatabase_isCreatedAtTheCurrentVersion_withoutWalkingTheMigrations() throws Exception {
    String logged = log(fresh);

    assertThat(logged)
        .contains("Created the scheduler database")
        .contains("(schema version " + Schema.CURRENT_VERSION + ")")
        .doesNotContain("Migrated");
    assertThat(describe(fresh)).first().isEqualTo("version " + Schema.CURRENT_VERSION);
  }

  @Test
  void aNewDatabase_hasTheSchemaTheMigrationsMakeOfVersion1() throws Exception {
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + migrated.resolve(Store.DB_FILE));
        Statement s = c.createStatement()) {
      for (String sql : VERSION_1) {
        s.execute(sql);
      }
    }
    String logged = log(migrated);
    log(fresh);

    assertThat(logged).contains("to schema version " + Schema.CURRENT_VERSION);
    assertThat(describe(fresh)).isEqualTo(describe(migrated));
  }
}
