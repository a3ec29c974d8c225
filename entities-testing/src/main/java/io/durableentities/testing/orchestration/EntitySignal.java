package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import java.time.Instant;

/**
 * A one-way signal to an entity, sent by the orchestration or, while it ran an operation, by a real
 * entity hosted in memory ({@link #sender()}): the entity, the operation, its input, when it was
 * sent and, for a scheduled signal, when it is due.
 */
public final class EntitySignal extends EntityMessage {

  private final Instant sentAt;
  private final Instant scheduledTime;
  private final EntityInstanceId sender;

  EntitySignal(
      EntityInstanceId id,
      String operation,
      String inputJson,
      Instant sentAt,
      Instant scheduledTime,
      EntityInstanceId sender,
      DataConverter converter) {
    super(id, operation, inputJson, converter);
    this.sentAt = sentAt;
    this.scheduledTime = scheduledTime;
    this.sender = sender;
  }

  /**
   * Returns the entity that sent the signal.
   *
   * @return the sending entity; null when the orchestration sent it
   */
  public EntityInstanceId sender() {
    return sender;
  }

  /**
   * Returns when it was sent, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant sentAt() {
    return sentAt;
  }

  /**
   * Returns when the signal is due, for a scheduled signal.
   *
   * @return the scheduled time; null when the signal is due at once
   */
  public Instant scheduledTime() {
    return scheduledTime;
  }

  /**
   * Describes the signal.
   *
   * @return such as {@code @account@alice.deposit(500)}, with {@code at <time>} when scheduled and
   *     {@code from <entity>} when an entity sent it
   */
  @Override
  public String toString() {
    return super.toString()
        + (scheduledTime == null ? "" : " at " + scheduledTime)
        + (sender == null ? "" : " from " + sender);
  }
}
