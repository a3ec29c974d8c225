package io.durableentities.scheduler.internal.engine.state;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that guards the engine's memory. The writer thread holds it from the first piece of a
 * group to the end of dispatch; readers hold it briefly to copy what they answer. Every mutator of
 * a state object calls {@link #beforeChange()}, which refuses a caller that does not hold it: the
 * rule "only the writer changes memory, under the lock" is checked, not only written down.
 *
 * <p>It also counts the changes made under it, so that the writer can tell whether a piece of work
 * that failed had changed anything (if not, it fails alone instead of rolling back its group).
 */
public final class WriterLock {

  private final ReentrantLock lock = new ReentrantLock();
  private long changes;

  /** Takes the lock (blocking). */
  public void lock() {
    lock.lock();
  }

  /** Releases the lock. */
  public void unlock() {
    lock.unlock();
  }

  /** Whether the current thread holds the lock. */
  public boolean isHeldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /**
   * Refuses a caller that does not hold the lock.
   *
   * @throws IllegalStateException naming the thread, when the lock is not held by it
   */
  public void checkHeld() {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "The scheduler's memory was used on thread '"
              + Thread.currentThread().getName()
              + "' without the writer lock: state objects are changed only by the writer thread"
              + " (and read by others) while they hold it");
    }
  }

  /**
   * Called by every mutator of a state object before it changes anything: refuses a caller without
   * the lock and counts the change.
   *
   * @throws IllegalStateException when the current thread does not hold the lock
   */
  public void beforeChange() {
    checkHeld();
    changes++;
  }

  /** How many changes were made under the lock so far (the caller holds it). */
  public long changes() {
    checkHeld();
    return changes;
  }
}
