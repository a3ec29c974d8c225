package io.durableentities.scheduler.internal.engine.state;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The operations a task hub dropped without running them (delivery attempts used up, or too large
 * to deliver): how many since this state was loaded (the scheduler started, or reloaded after a
 * storage failure), and the latest few, for the dashboard. Part of its {@link HubState}; every
 * mutator checks the {@link WriterLock}.
 */
public final class DroppedOperations {

  /** How many of the latest drops are kept. */
  public static final int KEPT = 20;

  /**
   * One dropped operation.
   *
   * @param entityId the entity it was for
   * @param operation its name
   * @param requestId its request id
   * @param call whether it was a call (its caller got the failure) rather than a signal
   * @param reason why it was dropped
   * @param atMillis when (epoch millis)
   */
  public record Drop(
      String entityId,
      String operation,
      String requestId,
      boolean call,
      String reason,
      long atMillis) {}

  private final WriterLock lock;
  private final ArrayDeque<Drop> latest = new ArrayDeque<>();
  private long count;

  DroppedOperations(WriterLock lock) {
    this.lock = lock;
  }

  /** Records a drop. */
  public void record(Drop drop) {
    lock.beforeChange();
    count++;
    latest.addFirst(drop);
    if (latest.size() > KEPT) {
      latest.removeLast();
    }
  }

  /** How many operations were dropped since the state was loaded. */
  public long count() {
    return count;
  }

  /** The latest drops, newest first (at most {@link #KEPT}). */
  public List<Drop> latest() {
    return List.copyOf(latest);
  }
}
