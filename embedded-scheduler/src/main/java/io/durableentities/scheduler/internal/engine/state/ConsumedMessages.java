package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.PriorityQueue;

/**
 * Deferred deletion of executed messages. A completion records the ids of the messages it executed
 * ({@link Store#markConsumed}: a few bytes appended near the end of one small table) instead of
 * deleting each row from the page it was appended to long ago; once {@value #DELETE_BATCH} more
 * than {@value #KEPT} are recorded, a commit deletes the oldest ones beyond the last {@value
 * #KEPT}, so that the rows of one page go in one commit, each page of the log is rewritten about
 * once, not once per completion, and the pages on the path to the oldest rows (and the free-page
 * list) are rewritten once per batch rather than in every commit. A recorded message is done: the
 * store leaves them out when the log is read again, and they are deleted later like the others.
 * Part of the {@link EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class ConsumedMessages {

  /** Recorded ids left for later, so that neighbours on a page are deleted together. */
  static final int KEPT = 1024;

  /** How many more than {@link #KEPT} wait before a commit deletes them. */
  static final int DELETE_BATCH = 512;

  /** Deleted per commit at most, to keep each commit small. */
  static final int MAX_PER_COMMIT = 2048;

  private final PriorityQueue<Long> pending = new PriorityQueue<>();
  private final WriterLock lock;

  /** Nothing pending, guarded by {@code lock}. */
  public ConsumedMessages(WriterLock lock) {
    this.lock = lock;
  }

  /** Records an executed message, in the open transaction. */
  public void consume(Store store, long id) throws SQLException {
    lock.beforeChange();
    store.entities().markConsumed(id);
    pending.add(id);
  }

  /**
   * Deletes the oldest recorded messages beyond {@link #KEPT}, in the open transaction, once at
   * least {@link #DELETE_BATCH} of them wait.
   */
  public void deleteOldest(Store store) throws SQLException {
    if (pending.size() < KEPT + DELETE_BATCH) {
      return;
    }
    lock.beforeChange();
    int n = Math.min(pending.size() - KEPT, MAX_PER_COMMIT);
    for (int i = 0; i < n; i++) {
      store.entities().deleteConsumed(pending.poll());
    }
  }

  /** How many recorded messages wait for deletion. */
  public int pending() {
    return pending.size();
  }

  /** Records a message the store lists as executed but still holds (read at load). */
  public void loaded(long id) {
    lock.beforeChange();
    pending.add(id);
  }
}
