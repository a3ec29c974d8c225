package io.durableentities.client.internal;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import java.time.Duration;
import java.util.Objects;

/** Turns proxy calls into client calls that wait for the operation, {@code void} included. */
public final class ClientCallInvoker implements EntityInvoker {

  private final EntityCalls calls;
  private final Target target;

  /**
   * What a call proxy reaches: the entity, with the timeout of its calls. Two call proxies are
   * equal when both are equal; a signal proxy of the same entity is not.
   *
   * @param id the entity
   * @param timeout how long each call waits
   */
  public record Target(EntityInstanceId id, Duration timeout) {
    @Override
    public String toString() {
      return "calls to " + id + " (timeout " + timeout + ")";
    }
  }

  /**
   * Creates an invoker.
   *
   * @param calls makes the calls
   * @param id the entity to call
   * @param timeout how long each call waits for its result
   */
  public ClientCallInvoker(EntityCalls calls, EntityInstanceId id, Duration timeout) {
    this.calls = Objects.requireNonNull(calls, "calls");
    this.target = new Target(Objects.requireNonNull(id, "id"), timeout);
  }

  @Override
  public Object target() {
    return target;
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    return calls.call(
        target.id(), operation.name(), input, operation.resultType(), target.timeout());
  }
}
