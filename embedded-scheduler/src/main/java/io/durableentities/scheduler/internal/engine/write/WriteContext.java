package io.durableentities.scheduler.internal.engine.write;

import io.grpc.StatusRuntimeException;

/** What a piece of work sees: the group's clock reading and a way to fail after the commit. */
public final class WriteContext {
  private final long now;
  private StatusRuntimeException deferred;

  WriteContext(long now) {
    this.now = now;
  }

  /** The group's time (epoch millis): every piece of a group sees the same. */
  public long now() {
    return now;
  }

  /**
   * Answers the caller with this error once the group is committed: for a piece that must change
   * state and still fail (e.g. an oversized completion that counts as a failed delivery).
   */
  public void failAfterCommit(StatusRuntimeException error) {
    this.deferred = error;
  }

  StatusRuntimeException deferred() {
    return deferred;
  }
}
