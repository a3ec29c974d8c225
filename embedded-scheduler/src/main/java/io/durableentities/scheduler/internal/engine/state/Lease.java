package io.durableentities.scheduler.internal.engine.state;

import java.util.List;

/**
 * A batch of one entity leased to one work-item stream under a unique completion token. Compared by
 * identity (it sits in hash sets; its batch may hold a thousand operations).
 */
public final class Lease {
  private final String token;
  private final EntityRuntime entity;
  private final List<QueuedMessage> operations;
  private final WorkStream stream;
  private final long expiresAt;

  /**
   * @param operations the batch, in queue order
   * @param expiresAt when the batch goes back to the queue unless completed (epoch millis)
   */
  public Lease(
      String token,
      EntityRuntime entity,
      List<QueuedMessage> operations,
      WorkStream stream,
      long expiresAt) {
    this.token = token;
    this.entity = entity;
    this.operations = List.copyOf(operations);
    this.stream = stream;
    this.expiresAt = expiresAt;
  }

  public String token() {
    return token;
  }

  public EntityRuntime entity() {
    return entity;
  }

  /** The batch, in queue order. */
  public List<QueuedMessage> operations() {
    return operations;
  }

  public WorkStream stream() {
    return stream;
  }

  /** When the batch goes back to the queue unless completed (epoch millis). */
  public long expiresAt() {
    return expiresAt;
  }
}
