package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A snapshot of an {@link OrchestrationTester}'s configuration, taken when a run starts: later
 * changes to the tester do not reach a run in progress.
 */
final class TestSetup {

  /** An activity double: the activity (or answer) and how long its answer takes. */
  record ActivityDouble(Activity activity, Duration latency) {}

  /** A sub-orchestration double: its answer, the input type it reads and its latency. */
  record SubOrchestrationDouble(Class<?> inputType, Answer<Object> answer, Duration latency) {

    Reply answer(String inputJson, DataConverter converter) {
      try {
        return new Reply(
            converter.serialize(answer.answer(converter.deserialize(inputJson, inputType))), null);
      } catch (Error error) {
        throw error;
      } catch (Exception e) {
        return new Reply(null, FailureDetails.from(e));
      }
    }
  }

  /** An event the test raises, some virtual time after the start. */
  record RaisedEvent(String name, Object payload, Duration after) {}

  private final String name;
  private final Orchestration orchestration;
  private final String instanceId;
  private final Instant startTime;
  private final Duration timeLimit;
  private final DataConverter converter;
  private final Map<String, ActivityDouble> activities;
  private final Map<String, SubOrchestrationDouble> subOrchestrations;
  private final Map<EntityInstanceId, Function<DataConverter, EntityDouble>> entities;
  private final List<RaisedEvent> events;
  private final Map<EntityInstanceId, Duration> lockHolds;
  private Error escaped;

  TestSetup(
      String name,
      Orchestration orchestration,
      String instanceId,
      Instant startTime,
      Duration timeLimit,
      DataConverter converter,
      Map<String, ActivityDouble> activities,
      Map<String, SubOrchestrationDouble> subOrchestrations,
      Map<EntityInstanceId, Function<DataConverter, EntityDouble>> entities,
      List<RaisedEvent> events,
      Map<EntityInstanceId, Duration> lockHolds) {
    this.name = name;
    this.orchestration = orchestration;
    this.instanceId = instanceId;
    this.startTime = startTime;
    this.timeLimit = timeLimit;
    this.converter = converter;
    this.activities = caseInsensitive(activities);
    this.subOrchestrations = caseInsensitive(subOrchestrations);
    this.entities = new LinkedHashMap<>(entities);
    this.events = List.copyOf(events);
    this.lockHolds = Map.copyOf(lockHolds);
  }

  private static <V> Map<String, V> caseInsensitive(Map<String, V> map) {
    Map<String, V> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(map);
    return copy;
  }

  /**
   * The registry the runtime's executors read: the orchestration, reporting the events it awaits,
   * and the activity doubles, whose {@link Error}s are kept to fail the test (the activity executor
   * would turn them into failed activities).
   */
  Orchestrations registry(Consumer<String> awaited) {
    Orchestrations.Builder registry =
        Orchestrations.newBuilder()
            .dataConverter(converter)
            .orchestration(name, ctx -> orchestration.run(new RecordingContext(ctx, awaited)));
    activities.forEach(
        (activityName, double_) ->
            registry.activity(
                activityName,
                ctx -> {
                  try {
                    return double_.activity().run(ctx);
                  } catch (Error error) {
                    escaped = error;
                    throw error;
                  }
                }));
    return registry.build();
  }

  /** Throws the {@link Error} an activity double threw, if any. */
  void rethrowEscapedError() {
    Error error = escaped;
    escaped = null;
    if (error != null) {
      throw error;
    }
  }

  /** New entity doubles for a run: real entities start from their initial state. */
  Map<EntityInstanceId, EntityDouble> newEntities() {
    Map<EntityInstanceId, EntityDouble> made = new LinkedHashMap<>();
    entities.forEach((id, factory) -> made.put(id, factory.apply(converter)));
    return made;
  }

  ActivityDouble activity(String activityName) {
    return activities.get(activityName);
  }

  Set<String> activityNames() {
    return activities.keySet();
  }

  SubOrchestrationDouble subOrchestration(String orchestrationName) {
    return subOrchestrations.get(orchestrationName);
  }

  Set<String> subOrchestrationNames() {
    return subOrchestrations.keySet();
  }

  String name() {
    return name;
  }

  String instanceId() {
    return instanceId;
  }

  Instant startTime() {
    return startTime;
  }

  Duration timeLimit() {
    return timeLimit;
  }

  DataConverter converter() {
    return converter;
  }

  List<RaisedEvent> events() {
    return events;
  }

  /** Until when another orchestration holds each entity's lock, in virtual time. */
  Map<EntityInstanceId, Instant> lockHolds() {
    Map<EntityInstanceId, Instant> until = new LinkedHashMap<>();
    lockHolds.forEach((id, heldFor) -> until.put(id, startTime.plus(heldFor)));
    return until;
  }
}
