package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.OperationMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;

/**
 * An entity double that is a plain Java object implementing the entity interface: an operation
 * calls the method of that name, a thrown exception fails it, an {@link Error} (such as an {@code
 * AssertionError} from {@code fail(...)}) propagates and fails the test.
 */
final class TypedEntityDouble implements EntityDouble {

  private final EntityInstanceId id;
  private final EntityInterfaceMetadata metadata;
  private final Object target;
  private final Duration latency;
  private final DataConverter converter;

  TypedEntityDouble(
      EntityInstanceId id,
      Class<?> entityInterface,
      Object target,
      Duration latency,
      DataConverter converter) {
    this.id = id;
    this.metadata = EntityInterfaceMetadata.of(entityInterface);
    this.target = target;
    this.latency = latency;
    this.converter = converter;
  }

  @Override
  public Reply run(String operation, String inputJson, Instant now) {
    OperationMetadata op =
        metadata
            .findOperation(operation)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "The orchestration called operation '"
                            + operation
                            + "' on "
                            + id
                            + ", but its test double implements "
                            + metadata.interfaceType().getName()
                            + ", which has no such operation ("
                            + metadata.operations().stream().map(OperationMetadata::name).toList()
                            + "); register a double of the entity interface the orchestration"
                            + " calls"));
    Method method = op.method();
    Object[] arguments = new Object[method.getParameterCount()];
    if (op.inputIndex() >= 0) {
      arguments[op.inputIndex()] = converter.deserialize(inputJson, op.inputType());
    }
    Object result;
    try {
      method.setAccessible(true);
      result = method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      Throwable thrown = e.getCause();
      if (thrown instanceof Error error) {
        throw error;
      }
      return new Reply(null, FailureDetails.from(thrown));
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "Could not call "
              + op.describeMethod()
              + " on the test double of "
              + id
              + " with input "
              + inputJson
              + ": "
              + e,
          e);
    }
    return new Reply(op.hasResult() ? converter.serialize(result) : null, null);
  }

  @Override
  public Duration latency() {
    return latency;
  }
}
