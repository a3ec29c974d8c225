package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import java.time.Instant;

/**
 * An entity operation the orchestration called (and waited for): the entity, the operation, its
 * input and the virtual time of the call. {@link #toString()} reads like {@code
 * @account@alice.withdraw(500)}.
 */
public final class EntityCall extends EntityMessage {

  private final Instant calledAt;

  EntityCall(
      EntityInstanceId id,
      String operation,
      String inputJson,
      Instant calledAt,
      DataConverter converter) {
    super(id, operation, inputJson, converter);
    this.calledAt = calledAt;
  }

  /**
   * Returns when the orchestration called, on the virtual clock.
   *
   * @return the virtual time
   */
  public Instant calledAt() {
    return calledAt;
  }
}
