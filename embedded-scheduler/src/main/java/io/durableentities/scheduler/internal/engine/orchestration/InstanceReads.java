package io.durableentities.scheduler.internal.engine.orchestration;

import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.write.StorageFailures;
import io.durableentities.scheduler.internal.store.InstanceSource;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreReader;
import java.sql.SQLException;

/**
 * The committed orchestration rows for the read paths ({@code GetInstance}, the waits, the queries,
 * the history, the dashboard). Memory holds only the active instances and everything it holds is
 * committed when a reader holds the writer lock (the writer holds it across apply and commit), so
 * the store's committed rows are the whole truth: a file store is read on read-only connections
 * outside the lock, so the writer never waits for a read; an in-memory store can only be read on
 * the writer's connection, under the lock.
 */
public final class InstanceReads {

  /** A read of committed rows. */
  public interface Read<T> {
    T on(InstanceSource source) throws SQLException;
  }

  private final CurrentState current;
  private final Store store;

  /** Null for an in-memory store. */
  private final StoreReader reader;

  public InstanceReads(CurrentState current, Store store, StoreReader reader) {
    this.current = current;
    this.store = store;
    this.reader = reader;
  }

  /** Whether a read must run under the writer lock (an in-memory store). */
  boolean underLock() {
    return reader == null;
  }

  /**
   * Reads committed rows: outside the writer lock for a file store, under it for an in-memory one.
   *
   * @param what what is read, for the error message (e.g. "QueryInstances: could not read ...")
   */
  public <T> T committed(String what, Read<T> read) {
    if (reader != null) {
      return run(what, read, reader);
    }
    return current.read(s -> run(what, read, store.orchestrations()));
  }

  /** Reads committed rows while the caller holds the writer lock. */
  <T> T locked(String what, Read<T> read) {
    current.lock().checkHeld();
    return run(what, read, reader != null ? reader : store.orchestrations());
  }

  private <T> T run(String what, Read<T> read, InstanceSource source) {
    try {
      return read.on(source);
    } catch (SQLException e) {
      throw StorageFailures.status(e, what, store.where());
    }
  }
}
