package io.durableentities.client.internal;

import io.durableentities.client.EntityClient;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.internal.GenericTypes;
import io.durableentities.core.spi.EntityInvoker;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Turns proxy calls into client signals; rejects operations with a result. */
public final class ClientSignalInvoker implements EntityInvoker {

  private final EntityClient client;
  private final Class<?> entityInterface;
  private final EntityInstanceId target;
  private final Instant scheduledTime;

  /**
   * Creates an invoker.
   *
   * @param client sends the signals
   * @param entityInterface the proxy's interface, for messages
   * @param target the entity to signal
   * @param scheduledTime when the signals are delivered, or null for as soon as possible
   */
  public ClientSignalInvoker(
      EntityClient client,
      Class<?> entityInterface,
      EntityInstanceId target,
      Instant scheduledTime) {
    this.client = Objects.requireNonNull(client, "client");
    this.entityInterface = Objects.requireNonNull(entityInterface, "entityInterface");
    this.target = Objects.requireNonNull(target, "target");
    this.scheduledTime = scheduledTime;
  }

  /**
   * Returns the signalled entity (and the scheduled time, if any), so that proxies for the same
   * entity and time are equal.
   *
   * @return the entity id, or the id and the time
   */
  @Override
  public Object target() {
    return scheduledTime == null ? target : List.of(target, scheduledTime);
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    if (operation.hasResult()) {
      throw new EntityException(
          "Entity "
              + target
              + ", operation '"
              + operation.name()
              + "': a signal has no result: call it through a call proxy, client.entities().call("
              + entityInterface.getSimpleName()
              + ".class, "
              + target
              + ")."
              + operation.method().getName()
              + "(...), which waits for the result, or read the state with"
              + " client.entities().get(id, stateType) ("
              + entityInterface.getSimpleName()
              + "."
              + operation.method().getName()
              + " returns "
              + GenericTypes.describe(operation.resultType())
              + "; a signal proxy takes only void methods)");
    }
    if (scheduledTime == null) {
      client.signal(target, operation.name(), input);
    } else {
      client.signal(target, operation.name(), input, scheduledTime);
    }
    return null;
  }
}
