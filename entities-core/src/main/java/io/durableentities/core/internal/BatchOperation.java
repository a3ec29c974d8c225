package io.durableentities.core.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperation;
import io.durableentities.core.EntityState;
import io.durableentities.core.StartOrchestrationOptions;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One operation while it runs in a batch: the {@link EntityOperation} handed to the entity and its
 * {@link EntityContext}. Actions go to the batch's action list; after the operation ends, the
 * context refuses further use.
 */
final class BatchOperation implements EntityOperation, EntityContext {

  private final EntityInstanceId id;
  private final OperationRequest request;
  private final BatchState state;
  private final List<EntityAction> actions;
  private final DataConverter converter;
  private boolean active = true;

  BatchOperation(
      EntityInstanceId id,
      OperationRequest request,
      BatchState state,
      List<EntityAction> actions,
      DataConverter converter) {
    this.id = id;
    this.request = request;
    this.state = state;
    this.actions = actions;
    this.converter = converter;
  }

  void end() {
    active = false;
  }

  @Override
  public String name() {
    return request.operation();
  }

  @Override
  public boolean hasInput() {
    return request.input() != null;
  }

  @Override
  public Object input(Type type) {
    Objects.requireNonNull(type, "type");
    return converter.deserialize(request.input(), type);
  }

  @Override
  public EntityContext context() {
    return this;
  }

  @Override
  public EntityState state() {
    return state;
  }

  @Override
  public EntityInstanceId id() {
    return id;
  }

  @Override
  public String operationName() {
    return request.operation();
  }

  @Override
  public void signal(EntityInstanceId target, String operation, Object input) {
    addSignal(target, operation, input, null);
  }

  @Override
  public void signal(EntityInstanceId target, String operation, Object input, Instant at) {
    addSignal(target, operation, input, Objects.requireNonNull(at, "at"));
  }

  @Override
  public String startOrchestration(String name, Object input) {
    return addStart(name, input, null, null, null);
  }

  @Override
  public String startOrchestration(String name, Object input, String instanceId) {
    return addStart(name, input, Objects.requireNonNull(instanceId, "instanceId"), null, null);
  }

  @Override
  public String startOrchestration(String name, Object input, String instanceId, Instant at) {
    return addStart(name, input, instanceId, Objects.requireNonNull(at, "at"), null);
  }

  @Override
  public String startOrchestration(String name, Object input, StartOrchestrationOptions options) {
    Objects.requireNonNull(options, "options");
    return addStart(name, input, options.instanceId(), options.startAt(), options.version());
  }

  @Override
  public void deleteState() {
    checkActive("deleteState");
    state.delete();
  }

  @Override
  public String toString() {
    return "EntityContext[" + id + ", operation '" + request.operation() + "']";
  }

  private void addSignal(EntityInstanceId target, String operation, Object input, Instant at) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(operation, "operation");
    checkActive("signal");
    if (operation.isBlank()) {
      throw new IllegalArgumentException(
          "Entity "
              + id
              + ", operation '"
              + request.operation()
              + "': cannot signal "
              + target
              + " with a blank operation name; give the operation to run");
    }
    actions.add(
        new EntityAction.SendSignal(
            actions.size(), target, operation, converter.serialize(input), at));
  }

  private String addStart(
      String name, Object input, String instanceId, Instant at, String version) {
    Objects.requireNonNull(name, "name");
    checkActive("startOrchestration");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "Entity "
              + id
              + ", operation '"
              + request.operation()
              + "': cannot start an orchestration with a blank name; give the registered"
              + " orchestration name");
    }
    if (instanceId != null && (instanceId.isBlank() || instanceId.startsWith("@"))) {
      throw new IllegalArgumentException(
          "Entity "
              + id
              + ", operation '"
              + request.operation()
              + "': cannot start orchestration '"
              + name
              + "' with instance id \""
              + instanceId
              + "\": it must not be blank nor start with '@' (reserved for entity ids); pick"
              + " another id or pass null for a random one");
    }
    String newId = instanceId != null ? instanceId : UUID.randomUUID().toString().replace("-", "");
    actions.add(
        new EntityAction.StartOrchestration(
            actions.size(), newId, name, converter.serialize(input), at, version));
    return newId;
  }

  private void checkActive(String method) {
    if (!active) {
      throw new IllegalStateException(
          "EntityContext."
              + method
              + " was called after operation '"
              + request.operation()
              + "' on entity "
              + id
              + " ended; use the context only while its operation runs");
    }
  }
}
