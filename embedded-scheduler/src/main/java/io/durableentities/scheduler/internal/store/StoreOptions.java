package io.durableentities.scheduler.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a file store is opened.
 *
 * @param connectionSetup runs on each writer connection the store opens (first open and every
 *     reopen after a failure), after the store's own settings; a seam for tests (e.g. {@code PRAGMA
 *     max_page_count} to make the database "full")
 * @param integrityCheck whether to run {@code PRAGMA integrity_check} before anything is read, and
 *     refuse to open a damaged database
 */
public record StoreOptions(ConnectionSetup connectionSetup, boolean integrityCheck) {

  /** Runs on each writer connection a store opens. */
  @FunctionalInterface
  public interface ConnectionSetup {
    /** Nothing. */
    ConnectionSetup NONE = c -> {};

    /** Configures a newly opened connection. */
    void configure(Connection connection) throws SQLException;
  }

  /** No setup, no integrity check. */
  public static final StoreOptions DEFAULT = new StoreOptions(ConnectionSetup.NONE, false);
}
