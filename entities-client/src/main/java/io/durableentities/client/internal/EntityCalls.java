package io.durableentities.client.internal;

import io.durableentities.client.internal.grpc.EntityCaller;
import io.durableentities.core.DataConverter;
import io.durableentities.core.DataConverterException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A client's calls to entities: converts inputs and results with the client's data converter and
 * hands the serialized call to the {@link EntityCaller} that {@code orchestration-bridge} provides.
 */
public final class EntityCalls {

  private final DataConverter converter;
  private final Supplier<EntityCaller> caller;

  /**
   * Creates the calls of a client.
   *
   * @param converter the client's data converter
   * @param caller the caller, looked up on first use; throws {@link EntityException} naming the
   *     missing module when there is none
   */
  public EntityCalls(DataConverter converter, Supplier<EntityCaller> caller) {
    this.converter = Objects.requireNonNull(converter, "converter");
    this.caller = Objects.requireNonNull(caller, "caller");
  }

  /**
   * Checks that calls can be made: fails now, instead of at the first call, without the module.
   *
   * @throws EntityException if no {@code orchestration-bridge} is on the class path
   */
  public void requireCaller() {
    caller.get();
  }

  /**
   * Calls an operation and waits for its result.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input object, or null
   * @param resultType the type to read the result as
   * @param timeout how long to wait; positive
   * @return the result, or null for none
   */
  public Object call(
      EntityInstanceId id, String operation, Object input, Type resultType, Duration timeout) {
    String json = serialize(id, operation, input, timeout);
    return deserialize(id, operation, caller.get().call(id, operation, json, timeout), resultType);
  }

  /**
   * Calls an operation without blocking.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input object, or null
   * @param resultType the type to read the result as
   * @param timeout how long to wait; positive
   * @return completes with the result (null for none), or exceptionally with what {@link #call}
   *     throws
   */
  public CompletableFuture<Object> callAsync(
      EntityInstanceId id, String operation, Object input, Type resultType, Duration timeout) {
    String json;
    EntityCaller found;
    try {
      json = serialize(id, operation, input, timeout);
      found = caller.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return found
        .callAsync(id, operation, json, timeout)
        .thenApply(result -> deserialize(id, operation, result, resultType));
  }

  private String serialize(EntityInstanceId id, String operation, Object input, Duration timeout) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The call timeout must be positive, was " + timeout);
    }
    try {
      return converter.serialize(input);
    } catch (DataConverterException e) {
      throw new EntityException(
          "Could not call operation '"
              + operation
              + "' on entity "
              + id
              + ": the input cannot be serialized: "
              + e.getMessage(),
          e);
    }
  }

  private Object deserialize(EntityInstanceId id, String operation, String json, Type type) {
    try {
      return converter.deserialize(json, type);
    } catch (DataConverterException e) {
      throw new EntityException(
          "The result of operation '"
              + operation
              + "' on entity "
              + id
              + " cannot be read as "
              + type.getTypeName()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
