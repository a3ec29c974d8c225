package io.durableentities.testing.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.CriticalSectionViolationException;
import io.durableentities.orchestration.NonDeterministicOrchestrationException;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.orchestration.internal.ActivityExecutor;
import io.durableentities.orchestration.internal.OrchestrationExecutor;
import io.durableentities.orchestration.internal.Wire;
import io.durableentities.protocol.internal.ActivityRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import io.durableentities.testing.orchestration.DueQueue.Due;
import io.durableentities.testing.orchestration.DueQueue.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The back end of one test run, in memory: it feeds the orchestration's history to the bridge's
 * replay executor, takes the actions it returns, records them in the history as a scheduler would
 * ({@code eventId} = action id), answers them from the test doubles on a virtual clock, and replays
 * again with the answers, until the orchestration ends or waits for something only the test can
 * provide. Single-threaded; everything runs on the test's thread.
 */
final class OrchestrationHost {

  /** Episodes one run may take before the tester calls it a loop. */
  static final int MAX_EPISODES = 100_000;

  private final TestSetup setup;
  private final Orchestrations registry;
  private final OrchestrationExecutor executor;
  private final ActivityExecutor activityExecutor;
  private final EntityTraffic entities;
  private final DataConverter converter;
  private final Instant deadline;
  private final Observations observed = new Observations();
  private final List<HistoryEvent> history = new ArrayList<>();
  private final List<HistoryEvent> inbox = new ArrayList<>();
  private final DueQueue due = new DueQueue();
  private final List<String> awaitedThisEpisode = new ArrayList<>();
  private Instant now;
  private int executions = 1;
  private int episodes;
  private OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.RUNNING;
  private String output;
  private FailureDetails failure;
  private String customStatus;

  OrchestrationHost(TestSetup setup, String input) {
    this.setup = setup;
    this.converter = setup.converter();
    this.registry = setup.registry(awaitedThisEpisode::add);
    this.executor = new OrchestrationExecutor(registry);
    this.activityExecutor = new ActivityExecutor(registry);
    this.now = setup.startTime();
    this.entities =
        new EntityTraffic(
            setup.newEntities(), setup.lockHolds(), observed, due, converter, setup.name());
    this.deadline = setup.startTime().plus(setup.timeLimit());
    inbox.add(
        HistoryEvents.executionStarted(
            now, setup.name(), setup.instanceId(), executionId(), input));
    setup.events().forEach(this::raiseEventLater);
  }

  /** Runs until the orchestration ends or waits for something only the test can provide. */
  void runUntilBlocked() {
    while (true) {
      if (!inbox.isEmpty()) {
        episode();
        continue;
      }
      if (status.isTerminal() || !due.keepsRunning() || due.nextAt().isAfter(deadline)) {
        return;
      }
      if (due.nextAt().isAfter(now)) {
        now = due.nextAt();
      }
      for (Due item : due.takeDue(now)) {
        if (item.event() != null) {
          inbox.add(item.event());
        }
        if (item.effect() != null) {
          item.effect().run();
        }
      }
    }
  }

  /** Raises an external event now. */
  void raiseEvent(String name, String payloadJson) {
    due.add(now, Kind.EVENT, HistoryEvents.eventRaised(now, name, payloadJson), null);
  }

  private void raiseEventLater(TestSetup.RaisedEvent event) {
    Instant at = now.plus(event.after());
    String payload = converter.serialize(event.payload());
    due.add(at, Kind.EVENT, HistoryEvents.eventRaised(at, event.name(), payload), null);
  }

  // ---- one episode: history in, actions out --------------------------------------------------

  private void episode() {
    if (++episodes > MAX_EPISODES) {
      throw new IllegalStateException(
          "Orchestration '"
              + setup.name()
              + "' ran "
              + MAX_EPISODES
              + " episodes without ending, up to virtual time "
              + now
              + "; it looks like a loop (a zero-delay timer or an activity retried forever?). An"
              + " orchestration that runs forever, such as a monitor, stops at the tester's time"
              + " limit: set a shorter one with timeLimit(...)");
    }
    List<HistoryEvent> newEvents = new ArrayList<>(inbox.size() + 1);
    newEvents.add(HistoryEvents.orchestratorStarted(now));
    newEvents.addAll(inbox);
    inbox.clear();
    awaitedThisEpisode.clear();
    OrchestratorResponse response =
        executor.execute(
            OrchestratorRequest.newBuilder()
                .setInstanceId(setup.instanceId())
                .setExecutionId(StringValue.of(executionId()))
                .addAllPastEvents(history)
                .addAllNewEvents(newEvents)
                .build());
    observed.eventsAwaited(awaitedThisEpisode);
    history.addAll(newEvents);
    if (response.hasCustomStatus()) {
      String custom = response.getCustomStatus().getValue();
      customStatus = custom.isEmpty() ? null : custom;
    }
    for (OrchestratorAction action : response.getActionsList()) {
      apply(action);
    }
    failOnBrokenRule();
  }

  /** A broken rule of orchestrations is a bug in the code under test: the test fails. */
  private void failOnBrokenRule() {
    if (failure != null
        && (failure.isCausedBy(NonDeterministicOrchestrationException.class)
            || failure.isCausedBy(CriticalSectionViolationException.class))) {
      throw new AssertionError(failure.summary());
    }
  }

  private void apply(OrchestratorAction action) {
    int id = action.getId();
    switch (action.getOrchestratorActionTypeCase()) {
      case SCHEDULETASK -> scheduleActivity(id, action);
      case CREATETIMER -> createTimer(id, Wire.instant(action.getCreateTimer().getFireAt()));
      case CREATESUBORCHESTRATION -> startSubOrchestration(id, action);
      case SENDENTITYMESSAGE -> sendEntityMessage(id, action.getSendEntityMessage());
      case SENDEVENT -> history.add(HistoryEvents.eventSent(now, id, action.getSendEvent()));
      case COMPLETEORCHESTRATION -> complete(action.getCompleteOrchestration());
      default ->
          throw new IllegalStateException(
              "Orchestration '"
                  + setup.name()
                  + "' produced a "
                  + action.getOrchestratorActionTypeCase()
                  + " action, which the orchestration tester does not support; test it in the"
                  + " DurableTestEnvironment instead");
    }
  }

  private void scheduleActivity(int id, OrchestratorAction action) {
    var task = action.getScheduleTask();
    String name = task.getName();
    String input = task.hasInput() ? task.getInput().getValue() : null;
    ActivityRequest.Builder request =
        ActivityRequest.newBuilder()
            .setName(name)
            .setTaskId(id)
            .setOrchestrationInstance(instance());
    if (input != null) {
      request.setInput(StringValue.of(input));
    }
    history.add(HistoryEvents.taskScheduled(now, id, name, input));
    observed.activityCalls.add(new ActivityCall(name, input, now, converter));
    TestSetup.ActivityDouble activity = setup.activity(name);
    if (activity == null) {
      throw missingDouble(
          "called activity '" + name + "'",
          ".activity(\"" + name + "\", ...)",
          "activities with doubles: " + setup.activityNames());
    }
    ActivityResponse response = activityExecutor.execute(request.build());
    setup.rethrowEscapedError();
    Instant at = now.plus(activity.latency());
    due.add(
        at,
        Kind.REPLY,
        response.hasFailureDetails()
            ? HistoryEvents.taskFailed(at, id, Wire.failure(response.getFailureDetails()))
            : HistoryEvents.taskCompleted(
                at, id, response.hasResult() ? response.getResult().getValue() : null),
        null);
  }

  private void createTimer(int id, Instant fireAt) {
    history.add(HistoryEvents.timerCreated(now, id, fireAt));
    String key = executions + ":" + id;
    observed.timerCreated(key, new DurableTimer(now, fireAt, false));
    Instant at = fireAt.isBefore(now) ? now : fireAt;
    due.add(at, Kind.REPLY, HistoryEvents.timerFired(fireAt, id), () -> observed.timerFired(key));
  }

  private void startSubOrchestration(int id, OrchestratorAction action) {
    var create = action.getCreateSubOrchestration();
    String input = create.hasInput() ? create.getInput().getValue() : null;
    history.add(
        HistoryEvents.subOrchestrationCreated(
            now, id, create.getName(), create.getInstanceId(), input));
    observed.subOrchestrations.add(
        new SubOrchestrationCall(create.getName(), create.getInstanceId(), input, now, converter));
    TestSetup.SubOrchestrationDouble sub = setup.subOrchestration(create.getName());
    if (sub == null) {
      throw missingDouble(
          "started sub-orchestration '" + create.getName() + "'",
          ".subOrchestration(\"" + create.getName() + "\", ...)",
          "sub-orchestrations with doubles: " + setup.subOrchestrationNames());
    }
    Reply reply = sub.answer(input, converter);
    Instant at = now.plus(sub.latency());
    due.add(
        at,
        Kind.REPLY,
        reply.failure() != null
            ? HistoryEvents.subOrchestrationFailed(at, id, reply.failure())
            : HistoryEvents.subOrchestrationCompleted(at, id, reply.resultJson()),
        null);
  }

  private void sendEntityMessage(int id, SendEntityMessageAction message) {
    HistoryEvent.Builder recorded = HistoryEvents.recording(now, id);
    switch (message.getEntityMessageTypeCase()) {
      case ENTITYOPERATIONSIGNALED -> {
        var signal = message.getEntityOperationSignaled();
        history.add(recorded.setEntityOperationSignaled(signal).build());
        entities.signal(
            null,
            EntityInstanceId.parse(signal.getTargetInstanceId().getValue()),
            signal.getOperation(),
            signal.hasInput() ? signal.getInput().getValue() : null,
            now,
            signal.hasScheduledTime() ? Wire.instant(signal.getScheduledTime()) : null);
      }
      case ENTITYOPERATIONCALLED -> {
        var call = message.getEntityOperationCalled();
        history.add(recorded.setEntityOperationCalled(call).build());
        call(
            call.getRequestId(),
            EntityInstanceId.parse(call.getTargetInstanceId().getValue()),
            call.getOperation(),
            call.hasInput() ? call.getInput().getValue() : null);
      }
      case ENTITYLOCKREQUESTED -> {
        var lock = message.getEntityLockRequested();
        history.add(recorded.setEntityLockRequested(lock).build());
        List<EntityInstanceId> ids =
            lock.getLockSetList().stream().map(EntityInstanceId::parse).toList();
        String section = lock.getCriticalSectionId();
        observed.lockRequested(section, new EntityLock(ids, now, null, null));
        Instant grantedAt = entities.freeAt(ids, now);
        due.add(
            grantedAt,
            Kind.REPLY,
            HistoryEvents.lockGranted(grantedAt, section),
            () -> observed.lockGranted(section, grantedAt));
      }
      case ENTITYUNLOCKSENT -> {
        var unlock = message.getEntityUnlockSent();
        history.add(recorded.setEntityUnlockSent(unlock).build());
        observed.unlocked(unlock.getCriticalSectionId(), now);
      }
      default ->
          throw new IllegalStateException(
              "Unknown entity message from orchestration '" + setup.name() + "': " + message);
    }
  }

  private void call(String requestId, EntityInstanceId target, String operation, String input) {
    observed.entityCalls.add(new EntityCall(target, operation, input, now, converter));
    EntityDouble entity = entities.double_(target);
    if (entity == null) {
      throw missingDouble(
          "called '" + operation + "' on " + target,
          ".entity(" + capitalize(target.name()) + ".class, \"" + target.key() + "\", ...)",
          "entities with doubles: " + entities.ids());
    }
    Instant start = entities.freeAt(List.of(target), now);
    Reply reply = entities.call(target, entity, operation, input, start);
    Instant at = start.plus(entity.latency());
    due.add(
        at,
        Kind.REPLY,
        reply.failure() != null
            ? HistoryEvents.entityFailed(at, requestId, reply.failure())
            : HistoryEvents.entityCompleted(at, requestId, reply.resultJson()),
        null);
  }

  private void complete(CompleteOrchestrationAction completion) {
    String result = completion.hasResult() ? completion.getResult().getValue() : null;
    if (completion.getOrchestrationStatus()
        == io.durableentities.protocol.internal.OrchestrationStatus
            .ORCHESTRATION_STATUS_CONTINUED_AS_NEW) {
      executions++;
      history.clear();
      due.dropReplies();
      inbox.add(
          HistoryEvents.executionStarted(
              now, setup.name(), setup.instanceId(), executionId(), result));
      inbox.addAll(completion.getCarryoverEventsList());
      return;
    }
    status =
        OrchestrationRuntimeStatus.valueOf(
            completion.getOrchestrationStatus().name().substring("ORCHESTRATION_STATUS_".length()));
    output = result;
    failure = completion.hasFailureDetails() ? Wire.failure(completion.getFailureDetails()) : null;
  }

  private IllegalStateException missingDouble(String what, String fix, String registered) {
    return new IllegalStateException(
        "Orchestration '"
            + setup.name()
            + "' (instance '"
            + setup.instanceId()
            + "') "
            + what
            + " at virtual time "
            + now
            + ", which has no test double; add "
            + fix
            + " to the OrchestrationTester ("
            + registered
            + ")");
  }

  private OrchestrationInstance instance() {
    return OrchestrationInstance.newBuilder()
        .setInstanceId(setup.instanceId())
        .setExecutionId(StringValue.of(executionId()))
        .build();
  }

  private String executionId() {
    return setup.instanceId() + "#" + executions;
  }

  private static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  // ---- what the run reads --------------------------------------------------------------------

  Observations observed() {
    return observed;
  }

  OrchestrationRuntimeStatus status() {
    return status;
  }

  String output() {
    return output;
  }

  FailureDetails failure() {
    return failure;
  }

  String customStatus() {
    return customStatus;
  }

  Instant now() {
    return now;
  }

  int executions() {
    return executions;
  }

  EntityTraffic entities() {
    return entities;
  }
}
