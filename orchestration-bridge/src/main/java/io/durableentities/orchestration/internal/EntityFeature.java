package io.durableentities.orchestration.internal;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.EntityHandle;
import io.durableentities.orchestration.OrchestrationEntities;
import io.durableentities.orchestration.Task;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityUnlockSentEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Entity calls, signals and critical sections of one orchestration, as native {@code
 * SendEntityMessage} actions; responses are matched by request id (or critical-section id).
 */
final class EntityFeature implements OrchestrationEntities {

  /** The result type marker of {@link #callRaw}: the result is the raw JSON string. */
  private static final Type RAW = RawJson.class;

  /** Marks raw JSON results; never instantiated. */
  private static final class RawJson {
    private RawJson() {}
  }

  private final ReplayContext ctx;
  private final Map<String, PendingCall> calls = new HashMap<>();
  private final Map<String, DurableTask<Object>> lockRequests = new HashMap<>();
  private final Map<EntityInstanceId, DurableTask<Object>> callsInSection = new HashMap<>();
  private Section section;

  EntityFeature(ReplayContext ctx) {
    this.ctx = ctx;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> Task<V> callAsync(
      EntityInstanceId id, String operation, Object input, Class<V> resultType) {
    Objects.requireNonNull(resultType, "resultType");
    return (Task<V>) (Task<?>) callTyped(id, operation, input, resultType);
  }

  DurableTask<Object> callTyped(
      EntityInstanceId id, String operation, Object input, Type resultType) {
    ctx.ensureActive();
    return callSerialized(id, operation, ctx.converter().serialize(input), resultType);
  }

  /**
   * Calls an entity with an input that is already JSON; the task completes with the raw JSON result
   * (a {@code String}, null for none). For the built-in call-entity orchestration.
   */
  DurableTask<Object> callRaw(EntityInstanceId id, String operation, String serializedInput) {
    ctx.ensureActive();
    return callSerialized(id, operation, serializedInput, RAW);
  }

  private DurableTask<Object> callSerialized(
      EntityInstanceId id, String operation, String serialized, Type resultType) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    if (section != null) {
      if (!section.lockSet.contains(id)) {
        throw ctx.violation(
            "inside a critical section, call only locked entities",
            "it calls '"
                + operation
                + "' on "
                + id
                + ", which is not in the lock set "
                + section.lockSet
                + "; add it to lockEntities(...) or call it after closing the section");
      }
      DurableTask<Object> outstanding = callsInSection.get(id);
      if (outstanding != null && !outstanding.isDone()) {
        throw ctx.violation(
            "at most one outstanding call per locked entity",
            "it calls '"
                + operation
                + "' on "
                + id
                + " while an earlier call to it has not completed; await that call first");
      }
    }
    String requestId = ctx.newUuid().toString();
    EntityOperationCalledEvent.Builder called =
        EntityOperationCalledEvent.newBuilder()
            .setRequestId(requestId)
            .setOperation(operation)
            .setParentInstanceId(Wire.string(ctx.instanceId()))
            .setTargetInstanceId(Wire.string(id.toString()));
    if (serialized != null) {
      called.setInput(Wire.string(serialized));
    }
    if (ctx.episode().executionId != null) {
      called.setParentExecutionId(Wire.string(ctx.episode().executionId));
    }
    send(SendEntityMessageAction.newBuilder().setEntityOperationCalled(called));
    DurableTask<Object> task = ctx.newTask();
    calls.put(requestId, new PendingCall(id, operation, resultType, task));
    if (section != null) {
      callsInSection.put(id, task);
    }
    return task;
  }

  @Override
  public void signal(EntityInstanceId id, String operation, Object input) {
    signal(id, operation, input, null);
  }

  @Override
  public void signal(EntityInstanceId id, String operation, Object input, Instant at) {
    ctx.ensureActive();
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    if (section != null && section.lockSet.contains(id)) {
      throw ctx.violation(
          "no signals to locked entities",
          "it signals '"
              + operation
              + "' to "
              + id
              + ", which it has locked; the signal would wait behind the lock. Call the entity"
              + " instead, or signal it after closing the section");
    }
    EntityOperationSignaledEvent.Builder signaled =
        EntityOperationSignaledEvent.newBuilder()
            .setRequestId(ctx.newUuid().toString())
            .setOperation(operation)
            .setTargetInstanceId(Wire.string(id.toString()));
    String serialized = ctx.converter().serialize(input);
    if (serialized != null) {
      signaled.setInput(Wire.string(serialized));
    }
    if (at != null) {
      signaled.setScheduledTime(Wire.timestamp(at));
    }
    send(SendEntityMessageAction.newBuilder().setEntityOperationSignaled(signaled));
  }

  @Override
  public CriticalSection lockEntities(EntityInstanceId... ids) {
    return lockEntities(Arrays.asList(Objects.requireNonNull(ids, "ids")));
  }

  @Override
  public CriticalSection lockEntities(Collection<EntityInstanceId> ids) {
    ctx.ensureActive();
    Objects.requireNonNull(ids, "ids");
    if (section != null) {
      throw ctx.violation(
          "no nested locks",
          "it calls lockEntities("
              + ids
              + ") while holding "
              + section.lockSet
              + "; lock all entities in one lockEntities(...) call");
    }
    if (ids.isEmpty()) {
      throw ctx.violation(
          "the lock set is not empty", "it calls lockEntities() with no entity; pass at least one");
    }
    TreeSet<EntityInstanceId> sorted = new TreeSet<>();
    for (EntityInstanceId id : ids) {
      sorted.add(Objects.requireNonNull(id, "an entity id in lockEntities(...) is null"));
    }
    String criticalSectionId = ctx.newUuid().toString();
    List<EntityInstanceId> lockSet = List.copyOf(sorted);
    EntityLockRequestedEvent.Builder request =
        EntityLockRequestedEvent.newBuilder()
            .setCriticalSectionId(criticalSectionId)
            .setPosition(0)
            .setParentInstanceId(Wire.string(ctx.instanceId()));
    lockSet.forEach(id -> request.addLockSet(id.toString()));
    send(SendEntityMessageAction.newBuilder().setEntityLockRequested(request));
    Section requested = new Section(criticalSectionId, lockSet);
    section = requested;
    DurableTask<Object> grant = ctx.newTask();
    lockRequests.put(criticalSectionId, grant);
    grant.await();
    return requested;
  }

  @Override
  public boolean isInCriticalSection() {
    return section != null && section.granted;
  }

  @Override
  public List<EntityInstanceId> lockedEntities() {
    return isInCriticalSection() ? section.lockSet : List.of();
  }

  @Override
  public <T> T proxy(Class<T> entityInterface, EntityInstanceId id) {
    Objects.requireNonNull(id, "id");
    return EntityProxies.create(
        entityInterface,
        new EntityInvoker() {
          @Override
          public Object invoke(OperationMetadata operation, Object operationInput) {
            return callTyped(id, operation.name(), operationInput, operation.resultType()).await();
          }

          @Override
          public Object target() {
            return id;
          }
        });
  }

  @Override
  public <T> T signalProxy(Class<T> entityInterface, EntityInstanceId id) {
    Objects.requireNonNull(id, "id");
    return EntityProxies.create(
        entityInterface,
        new EntityInvoker() {
          @Override
          public Object invoke(OperationMetadata operation, Object operationInput) {
            if (operation.hasResult()) {
              throw new IllegalArgumentException(
                  "Operation '"
                      + operation.name()
                      + "' ("
                      + operation.describeMethod()
                      + ") returns a result, but a signal proxy sends one-way signals; use"
                      + " entities().proxy(...) or entities().handle(...).call(...) to get it");
            }
            signal(id, operation.name(), operationInput);
            return null;
          }

          @Override
          public Object target() {
            return id;
          }
        });
  }

  @Override
  public <T> EntityHandle<T> handle(Class<T> entityInterface, EntityInstanceId id) {
    return new TypedEntityHandle<>(
        this, Objects.requireNonNull(entityInterface, "entityInterface"), id);
  }

  // ---- rules checked by the context ----------------------------------------------------------

  void checkSubOrchestrationAllowed(String name) {
    if (section != null) {
      throw ctx.violation(
          "no sub-orchestrations inside a critical section",
          "it starts sub-orchestration '"
              + name
              + "' while holding "
              + section.lockSet
              + "; start it after closing the section");
    }
  }

  void checkContinueAsNewAllowed() {
    if (section != null) {
      throw ctx.violation(
          "no continue-as-new inside a critical section",
          "it calls continueAsNew while holding " + section.lockSet + "; close the section first");
    }
  }

  // ---- responses -----------------------------------------------------------------------------

  void acceptResponse(HistoryEvent event) {
    switch (event.getEventTypeCase()) {
      case ENTITYOPERATIONCOMPLETED -> {
        var completed = event.getEntityOperationCompleted();
        completeCall(
            completed.getRequestId(),
            completed.hasOutput() ? completed.getOutput().getValue() : null);
      }
      case ENTITYOPERATIONFAILED -> {
        var failed = event.getEntityOperationFailed();
        PendingCall call = calls.remove(failed.getRequestId());
        if (call != null) {
          call.task.fail(
              new EntityOperationFailedException(
                  call.id, call.operation, Wire.failure(failed.getFailureDetails())));
        }
      }
      case ENTITYLOCKGRANTED -> grant(event.getEntityLockGranted().getCriticalSectionId());
      default -> throw new IllegalArgumentException("Not an entity response: " + event);
    }
  }

  /** Accepts an {@code EventRaised} named after a request id (older SDK paths). */
  boolean acceptLegacyResponse(HistoryEvent event) {
    String name = event.getEventRaised().getName();
    String raw =
        event.getEventRaised().hasInput() ? event.getEventRaised().getInput().getValue() : null;
    if (lockRequests.containsKey(name)) {
      grant(name);
      return true;
    }
    PendingCall call = calls.get(name);
    if (call == null) {
      return false;
    }
    LegacyResponse response = LegacyResponse.parse(ctx.converter(), raw);
    if (response.failure() != null) {
      calls.remove(name);
      call.task.fail(
          new EntityOperationFailedException(call.id, call.operation, response.failure()));
    } else {
      completeCall(name, response.result());
    }
    return true;
  }

  /** Unlock actions for locks still held (or requested) when the orchestration ends. */
  List<OrchestratorAction> releaseOnExit() {
    List<OrchestratorAction> unlocks = new ArrayList<>();
    if (section != null) {
      for (EntityInstanceId id : section.lockSet) {
        unlocks.add(
            OrchestratorAction.newBuilder()
                .setId(ctx.nextId())
                .setSendEntityMessage(unlock(section.criticalSectionId, id))
                .build());
      }
      section = null;
    }
    return unlocks;
  }

  private void completeCall(String requestId, String output) {
    PendingCall call = calls.remove(requestId);
    if (call == null) {
      return;
    }
    if (call.resultType == RAW) {
      call.task.complete(output);
      return;
    }
    Object result;
    try {
      result = ctx.deserialize(output, call.resultType);
    } catch (RuntimeException e) {
      call.task.fail(e);
      return;
    }
    call.task.complete(result);
  }

  private void grant(String criticalSectionId) {
    DurableTask<Object> request = lockRequests.remove(criticalSectionId);
    if (request != null && section != null && section.criticalSectionId.equals(criticalSectionId)) {
      section.granted = true;
      request.complete(null);
    }
  }

  private void send(SendEntityMessageAction.Builder message) {
    ctx.addAction(
        OrchestratorAction.newBuilder().setId(ctx.nextId()).setSendEntityMessage(message).build());
  }

  private SendEntityMessageAction.Builder unlock(String criticalSectionId, EntityInstanceId id) {
    return SendEntityMessageAction.newBuilder()
        .setEntityUnlockSent(
            EntityUnlockSentEvent.newBuilder()
                .setCriticalSectionId(criticalSectionId)
                .setParentInstanceId(Wire.string(ctx.instanceId()))
                .setTargetInstanceId(Wire.string(id.toString())));
  }

  private record PendingCall(
      EntityInstanceId id, String operation, Type resultType, DurableTask<Object> task) {}

  /** The critical section: requested, then granted, then closed. */
  private final class Section implements CriticalSection {

    private final String criticalSectionId;
    private final List<EntityInstanceId> lockSet;
    private boolean granted;

    private Section(String criticalSectionId, List<EntityInstanceId> lockSet) {
      this.criticalSectionId = criticalSectionId;
      this.lockSet = lockSet;
    }

    @Override
    public List<EntityInstanceId> lockedEntities() {
      return lockSet;
    }

    @Override
    public boolean isOpen() {
      return section == this;
    }

    @Override
    public void close() {
      if (section != this || ctx.episode().unwinding() != null || ctx.episode().isEnded()) {
        return; // closed already, or the episode is ending: the locks stay held for the next one
      }
      for (EntityInstanceId id : lockSet) {
        send(unlock(criticalSectionId, id));
      }
      section = null;
      callsInSection.clear();
    }

    @Override
    public String toString() {
      return "CriticalSection[" + criticalSectionId + " " + lockSet + "]";
    }
  }
}
