package io.durableentities.scheduler.internal.engine;

import java.util.List;

/**
 * The operations a task hub dropped without running them (delivery attempts used up, or too large
 * to deliver), as the dashboard shows them.
 *
 * @param count how many since the scheduler loaded its state (started, or reloaded after a storage
 *     failure)
 * @param latest the latest few, newest first
 */
public record DroppedReport(long count, List<Dropped> latest) {

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
  public record Dropped(
      String entityId,
      String operation,
      String requestId,
      boolean call,
      String reason,
      long atMillis) {}
}
