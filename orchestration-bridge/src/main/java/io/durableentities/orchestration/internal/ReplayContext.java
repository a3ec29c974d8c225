package io.durableentities.orchestration.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.CriticalSectionViolationException;
import io.durableentities.orchestration.NonDeterministicOrchestrationException;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationEntities;
import io.durableentities.orchestration.Task;
import io.durableentities.orchestration.TaskOptions;
import io.durableentities.protocol.internal.CreateSubOrchestrationAction;
import io.durableentities.protocol.internal.CreateTimerAction;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestration context of one episode, and the replay state behind it: the history player, the
 * actions produced, the open tasks and the event handlers. Single-threaded: everything runs on the
 * thread that runs the orchestration. {@link OrchestrationExecutor} drives it.
 */
public final class ReplayContext implements OrchestrationContext {

  private final DataConverter converter;
  private final HistoryPlayer player;
  private final LinkedHashMap<Integer, OrchestratorAction> pendingActions = new LinkedHashMap<>();
  private final OpenTasks openTasks = new OpenTasks(this);
  private final ExternalEvents events = new ExternalEvents();
  private final EntityFeature entities;
  private final Episode episode;
  private Instant now = Instant.EPOCH;
  private int sequence;
  private int uuidCounter;
  private boolean suspended;
  private String customStatus;
  private final String defaultSubVersion;

  ReplayContext(
      DataConverter converter, HistoryPlayer player, Episode episode, String defaultSubVersion) {
    this.converter = converter;
    this.player = player;
    this.episode = episode;
    this.defaultSubVersion = defaultSubVersion;
    this.entities = new EntityFeature(this);
  }

  // ---- identity, clock, ids ------------------------------------------------------------------

  @Override
  public String instanceId() {
    return episode.instanceId;
  }

  @Override
  public String name() {
    return episode.name;
  }

  @Override
  public String version() {
    return episode.version;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T input(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return (T) deserialize(episode.rawInput, type);
  }

  @Override
  public Instant currentUtcDateTime() {
    return now;
  }

  @Override
  public boolean isReplaying() {
    return player.isReplaying();
  }

  @Override
  public UUID newUuid() {
    String name = episode.instanceId + "-" + now + "-" + uuidCounter++;
    return Uuids.v5(Uuids.ORCHESTRATION_NAMESPACE, name);
  }

  // ---- durable operations --------------------------------------------------------------------

  @Override
  public <V> Task<V> callActivity(
      String name, Object input, Class<V> resultType, TaskOptions options) {
    ensureActive();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(options, "options");
    if (options.version() != null) {
      throw new IllegalArgumentException(
          "Activity '"
              + name
              + "' was called with TaskOptions version '"
              + options.version()
              + "', but activities have no version (only sub-orchestrations do); remove"
              + " .version(...) from the options of this activity call");
    }
    String serialized = converter.serialize(input);
    return cast(
        RetryingTask.start(
            this,
            options.retryPolicy(),
            () -> {
              ScheduleTaskAction.Builder action = ScheduleTaskAction.newBuilder().setName(name);
              if (serialized != null) {
                action.setInput(Wire.string(serialized));
              }
              return openTask(
                  name, resultType, OrchestratorAction.newBuilder().setScheduleTask(action));
            }));
  }

  @Override
  public <V> Task<V> callSubOrchestration(
      String name, Object input, String instanceId, Class<V> resultType, TaskOptions options) {
    ensureActive();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(options, "options");
    entities.checkSubOrchestrationAllowed(name);
    String serialized = converter.serialize(input);
    String childId = instanceId != null ? instanceId : newUuid().toString();
    String childVersion = options.version() != null ? options.version() : defaultSubVersion;
    return cast(
        RetryingTask.start(
            this,
            options.retryPolicy(),
            () -> {
              CreateSubOrchestrationAction.Builder action =
                  CreateSubOrchestrationAction.newBuilder().setName(name).setInstanceId(childId);
              if (serialized != null) {
                action.setInput(Wire.string(serialized));
              }
              if (!childVersion.isEmpty()) {
                action.setVersion(Wire.string(childVersion));
              }
              return openTask(
                  name,
                  resultType,
                  OrchestratorAction.newBuilder().setCreateSubOrchestration(action));
            }));
  }

  @Override
  public Task<Void> createTimer(Instant fireAt) {
    ensureActive();
    return cast(timer(Objects.requireNonNull(fireAt, "fireAt")));
  }

  @Override
  public <V> Task<V> waitForExternalEvent(String name, Class<V> type) {
    return waitForExternalEvent(name, type, null);
  }

  @Override
  public <V> Task<V> waitForExternalEvent(String name, Class<V> type, Duration timeout) {
    ensureActive();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("The timeout must not be negative, was " + timeout);
    }
    return events.await(this, name, type, timeout);
  }

  @Override
  public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
    ensureActive();
    return CompositeTasks.allOf(this, tasks);
  }

  @Override
  public Task<Task<?>> anyOf(List<Task<?>> tasks) {
    ensureActive();
    return CompositeTasks.anyOf(this, tasks);
  }

  @Override
  public void continueAsNew(Object input, boolean keepUnprocessedEvents) {
    ensureActive();
    entities.checkContinueAsNewAllowed();
    episode.continueAsNew(converter.serialize(input), keepUnprocessedEvents);
    throw unwind(ReplaySignal.ENDED);
  }

  @Override
  public void setCustomStatus(Object status) {
    ensureActive();
    customStatus = converter.serialize(status);
  }

  @Override
  public Logger replaySafeLogger(Class<?> type) {
    return ReplaySafeLogger.wrap(
        LoggerFactory.getLogger(Objects.requireNonNull(type, "type")), this::isReplaying);
  }

  @Override
  public OrchestrationEntities entities() {
    return entities;
  }

  // ---- runtime, for tasks and the entity feature ---------------------------------------------

  <V> DurableTask<V> newTask() {
    return new DurableTask<>(this);
  }

  DataConverter converter() {
    return converter;
  }

  Episode episode() {
    return episode;
  }

  String customStatus() {
    return customStatus;
  }

  List<HistoryEvent> unprocessedEvents() {
    return events.unprocessed();
  }

  int nextId() {
    return sequence++;
  }

  /** Records a new action; dropped once the orchestration has ended (nothing more is sent). */
  void addAction(OrchestratorAction action) {
    if (!episode.isEnded()) {
      pendingActions.put(action.getId(), action);
    }
  }

  List<OrchestratorAction> pendingActions() {
    return List.copyOf(pendingActions.values());
  }

  EntityFeature entityFeature() {
    return entities;
  }

  /** Throws the pending signal while unwinding, or when the orchestration has ended. */
  void ensureActive() {
    if (episode.unwinding() != null) {
      throw episode.unwinding();
    }
    if (episode.isEnded()) {
      throw new IllegalStateException(
          "Orchestration '" + episode.name + "' (instance '" + episode.instanceId + "') has ended");
    }
  }

  ReplaySignal unwind(ReplaySignal signal) {
    episode.unwind(signal);
    return signal;
  }

  CriticalSectionViolationException violation(String rule, String detail) {
    return new CriticalSectionViolationException(
        "Orchestration '"
            + episode.name
            + "' (instance '"
            + episode.instanceId
            + "') broke the critical-section rule \""
            + rule
            + "\": "
            + detail);
  }

  /** Processes events until the task is done; ends the episode when the history runs out. */
  void awaitTask(DurableTask<?> task) {
    if (episode.unwinding() != null) {
      throw episode.unwinding();
    }
    while (!task.isDone()) {
      if (!processNextEvent()) {
        throw unwind(ReplaySignal.BLOCKED);
      }
    }
  }

  /** Processes one event; false when the history is exhausted. */
  boolean processNextEvent() {
    HistoryEvent event = player.next();
    if (event == null) {
      return false;
    }
    process(event);
    return true;
  }

  DurableTask<Object> timer(Instant fireAt) {
    return openTask(
        "timer",
        Void.class,
        OrchestratorAction.newBuilder()
            .setCreateTimer(CreateTimerAction.newBuilder().setFireAt(Wire.timestamp(fireAt))));
  }

  /** Deserializes a payload; null, empty (some SDKs send "" for none) or void gives null. */
  Object deserialize(String json, Type type) {
    if (json == null || json.isEmpty() || type == void.class || type == Void.class) {
      return null;
    }
    return converter.deserialize(json, type);
  }

  // ---- event processing ----------------------------------------------------------------------

  private void process(HistoryEvent event) {
    HistoryEvent.EventTypeCase type = event.getEventTypeCase();
    if (suspended
        && type != HistoryEvent.EventTypeCase.EXECUTIONRESUMED
        && type != HistoryEvent.EventTypeCase.EXECUTIONTERMINATED
        && type != HistoryEvent.EventTypeCase.ORCHESTRATORSTARTED) {
      player.hold(event);
      return;
    }
    switch (type) {
      case ORCHESTRATORSTARTED -> now = Wire.instant(event.getTimestamp());
      case EXECUTIONSTARTED -> episode.start(event.getExecutionStarted());
      case EXECUTIONTERMINATED -> terminate(event);
      case EXECUTIONSUSPENDED -> suspended = true;
      case EXECUTIONRESUMED -> player.resume();
      case TASKSCHEDULED,
          TIMERCREATED,
          SUBORCHESTRATIONINSTANCECREATED,
          EVENTSENT,
          ENTITYOPERATIONSIGNALED,
          ENTITYOPERATIONCALLED,
          ENTITYLOCKREQUESTED,
          ENTITYUNLOCKSENT ->
          match(event);
      case TASKCOMPLETED ->
          openTasks.complete(
              event.getTaskCompleted().getTaskScheduledId(),
              event.getTaskCompleted().hasResult()
                  ? event.getTaskCompleted().getResult().getValue()
                  : null);
      case TASKFAILED ->
          openTasks.fail(
              event.getTaskFailed().getTaskScheduledId(),
              event.getTaskFailed().getFailureDetails());
      case TIMERFIRED -> openTasks.complete(event.getTimerFired().getTimerId(), null);
      case SUBORCHESTRATIONINSTANCECOMPLETED ->
          openTasks.complete(
              event.getSubOrchestrationInstanceCompleted().getTaskScheduledId(),
              event.getSubOrchestrationInstanceCompleted().hasResult()
                  ? event.getSubOrchestrationInstanceCompleted().getResult().getValue()
                  : null);
      case SUBORCHESTRATIONINSTANCEFAILED ->
          openTasks.fail(
              event.getSubOrchestrationInstanceFailed().getTaskScheduledId(),
              event.getSubOrchestrationInstanceFailed().getFailureDetails());
      case EVENTRAISED -> {
        if (!entities.acceptLegacyResponse(event)) {
          events.deliver(event);
        }
      }
      case ENTITYOPERATIONCOMPLETED, ENTITYOPERATIONFAILED, ENTITYLOCKGRANTED ->
          entities.acceptResponse(event);
      default -> {
        // OrchestratorCompleted, ExecutionCompleted, ContinueAsNew, GenericEvent, HistoryState,
        // ExecutionRewound: nothing to replay.
      }
    }
    if (type == HistoryEvent.EventTypeCase.EXECUTIONRESUMED) {
      suspended = false;
    }
  }

  private void match(HistoryEvent event) {
    OrchestratorAction action = pendingActions.remove(event.getEventId());
    String expected = Actions.expectedBy(event);
    if (action != null && expected.equals(Actions.describe(action))) {
      return;
    }
    NonDeterministicOrchestrationException error =
        new NonDeterministicOrchestrationException(
            Actions.nonDeterminism(episode.name, episode.instanceId, event, action));
    FailureDetails details = FailureDetails.from(error);
    episode.endNonDeterministic(
        new FailureDetails(
            details.errorType(), details.errorMessage(), details.stackTrace(), true));
    throw unwind(ReplaySignal.ENDED);
  }

  private void terminate(HistoryEvent event) {
    if (episode.isEnded()) {
      return;
    }
    var terminated = event.getExecutionTerminated();
    episode.terminate(terminated.hasInput() ? terminated.getInput().getValue() : null);
    throw unwind(ReplaySignal.ENDED);
  }

  private DurableTask<Object> openTask(
      String name, Type resultType, OrchestratorAction.Builder action) {
    int id = nextId();
    addAction(action.setId(id).build());
    DurableTask<Object> task = newTask();
    openTasks.open(name, id, resultType, task);
    return task;
  }

  @SuppressWarnings("unchecked")
  private static <V> Task<V> cast(DurableTask<Object> task) {
    return (Task<V>) (Task<?>) task;
  }
}
