package io.durableentities.scheduler.internal.store;

/** Receives the rows of the dedup log, in the order the request ids were seen. */
@FunctionalInterface
public interface DedupLoader {

  /** A request id seen at {@code seenAt}, stored under row id {@code id}. */
  void requestId(long id, String hub, String instanceId, String requestId, long seenAt);
}
