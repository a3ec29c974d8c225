package io.durableentities.scheduler.internal.store;

/** Receives the stored rows when the engine rebuilds its memory on start. */
public interface StoreLoader {

  /** A known task hub. */
  void hub(String name);

  /**
   * An entity row: its state (null when it only holds a lock) and when it last changed. The rows of
   * one hub come together, in instance id order (SQLite's binary order), then {@link
   * #endOfEntities}.
   */
  void entity(String hub, String instanceId, String state, long lastModified);

  /** Every entity row of a hub was delivered. */
  void endOfEntities(String hub);

  /** The lock of an entity row that holds one; comes after every {@link #entity} call. */
  void lock(String hub, String instanceId, String lockedBy, String lockCriticalSection);

  /**
   * A message that was executed and waits for its row to be deleted; comes before the queued
   * messages, which leave it out.
   */
  void consumed(long id);

  /** A queued message, in append order. */
  void message(MessageRow row);
}
