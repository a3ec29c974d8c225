package io.durableentities.scheduler.internal.store;

/** Receives the stored rows when the engine rebuilds its memory on start. */
public interface StoreLoader {

  /** A known task hub. */
  void hub(String name);

  /** An entity row. */
  void entity(
      String hub,
      String instanceId,
      String state,
      String lockedBy,
      String lockCriticalSection,
      long lastModified);

  /** A queued message, in append order. */
  void message(MessageRow row);
}
