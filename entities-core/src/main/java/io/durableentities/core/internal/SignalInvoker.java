package io.durableentities.core.internal;

import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Turns proxy calls into signals sent from an entity; rejects operations with a result. */
public final class SignalInvoker implements EntityInvoker {

  private final EntityContext context;
  private final Class<?> entityInterface;
  private final EntityInstanceId target;
  private final Instant scheduledTime;

  /**
   * Creates an invoker.
   *
   * @param context the context of the running operation
   * @param entityInterface the interface of the proxy, for messages
   * @param target the entity to signal
   * @param scheduledTime when the signals are delivered, or null for now
   */
  public SignalInvoker(
      EntityContext context,
      Class<?> entityInterface,
      EntityInstanceId target,
      Instant scheduledTime) {
    this.context = Objects.requireNonNull(context, "context");
    this.entityInterface = Objects.requireNonNull(entityInterface, "entityInterface");
    this.target = Objects.requireNonNull(target, "target");
    this.scheduledTime = scheduledTime;
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    if (operation.hasResult()) {
      throw new EntityException(
          "Entity "
              + context.id()
              + ", operation '"
              + context.operationName()
              + "': entities can only signal other entities: "
              + entityInterface.getSimpleName()
              + "."
              + operation.method().getName()
              + " returns "
              + GenericTypes.describe(operation.resultType())
              + "; make it void or call it from an orchestration (signal target "
              + target
              + ")");
    }
    if (scheduledTime == null) {
      context.signal(target, operation.name(), input);
    } else {
      context.signal(target, operation.name(), input, scheduledTime);
    }
    return null;
  }

  /**
   * The signalled entity (and the scheduled time, if any): two proxies signalling the same entity
   * at the same time are equal.
   */
  @Override
  public Object target() {
    return scheduledTime == null ? target : List.of(target, scheduledTime);
  }
}
