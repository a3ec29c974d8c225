package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PRAGMA integrity_check} on open, when asked for: a damaged database is refused with the
 * problems SQLite found, instead of being served until a request touches the damage.
 */
final class IntegrityCheck {

  private static final Logger log = LoggerFactory.getLogger(IntegrityCheck.class);

  /** The most problems reported. */
  static final int MAX_PROBLEMS = 20;

  private IntegrityCheck() {}

  /**
   * Checks the whole database.
   *
   * @throws IllegalStateException listing the problems when it is damaged
   */
  static void requireIntact(Connection c, String where) throws SQLException {
    long started = System.nanoTime();
    List<String> problems;
    try {
      problems = StoreLoads.integrityProblems(c, MAX_PROBLEMS);
      c.commit();
    } catch (SQLException e) {
      // SQLite stops the check itself when a page is beyond reading.
      problems = List.of(e.getMessage());
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (problems.isEmpty()) {
      log.info("Integrity check of {}: ok ({} ms)", where, millis);
      return;
    }
    String listed = String.join(System.lineSeparator() + "  ", problems);
    log.error("Integrity check of {} found problems:{}  {}", where, System.lineSeparator(), listed);
    throw new IllegalStateException(
        "The database "
            + where
            + " failed its integrity check (PRAGMA integrity_check, "
            + problems.size()
            + (problems.size() == MAX_PROBLEMS ? "+" : "")
            + " problem(s)): "
            + String.join("; ", problems)
            + ". Restore the data directory from a backup, or recover what SQLite can read"
            + " (sqlite3 scheduler.db .recover) into a new data directory.");
  }
}
