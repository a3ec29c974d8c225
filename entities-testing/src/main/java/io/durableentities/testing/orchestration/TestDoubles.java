package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.testing.orchestration.TestSetup.ActivityDouble;
import io.durableentities.testing.orchestration.TestSetup.RaisedEvent;
import io.durableentities.testing.orchestration.TestSetup.SubOrchestrationDouble;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The doubles, raised events and lock holds an {@link OrchestrationTester} was given, each checked
 * as it is registered (names not blank, latencies not negative, an entity double implementing its
 * interface); a later registration under the same name or entity replaces the earlier one. Each run
 * takes a {@link TestSetup} snapshot of them. Owned by its tester; not thread-safe.
 */
final class TestDoubles {

  private final Map<String, ActivityDouble> activities =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, SubOrchestrationDouble> subOrchestrations =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<EntityInstanceId, Function<DataConverter, EntityDouble>> entities =
      new LinkedHashMap<>();
  private final List<RaisedEvent> events = new ArrayList<>();
  private final Map<EntityInstanceId, Duration> lockHolds = new LinkedHashMap<>();

  void activity(String name, Activity activity, Duration latency) {
    activities.put(
        checkName(name, "activity"),
        new ActivityDouble(Objects.requireNonNull(activity, "activity"), checkLatency(latency)));
  }

  <T> void entity(Class<T> entityInterface, String key, T double_, Duration latency) {
    EntityInterfaceMetadata.of(Objects.requireNonNull(entityInterface, "entityInterface"));
    Objects.requireNonNull(double_, "double_");
    if (!entityInterface.isInstance(double_)) {
      throw new IllegalArgumentException(
          double_.getClass().getName() + " does not implement " + entityInterface.getName());
    }
    EntityInstanceId id = EntityInstanceId.of(entityInterface, Objects.requireNonNull(key, "key"));
    Duration checked = checkLatency(latency);
    entities.put(id, conv -> new TypedEntityDouble(id, entityInterface, double_, checked, conv));
  }

  <S, E extends TaskEntity<S>> void entity(Supplier<E> factory, String key, S initialState) {
    Objects.requireNonNull(factory, "factory");
    E sample =
        Objects.requireNonNull(factory.get(), "the entity factory returned null; return an entity");
    EntityInstanceId id =
        EntityInstanceId.of(sample.getClass(), Objects.requireNonNull(key, "key"));
    entities.put(id, conv -> new InMemoryEntity(id, factory, conv.serialize(initialState), conv));
  }

  void subOrchestration(String name, Class<?> inputType, Answer<Object> answer, Duration latency) {
    subOrchestrations.put(
        checkName(name, "sub-orchestration"),
        new SubOrchestrationDouble(inputType, answer, checkLatency(latency)));
  }

  void lockedByAnother(EntityInstanceId entity, Duration heldFor) {
    lockHolds.put(Objects.requireNonNull(entity, "entity"), checkLatency(heldFor));
  }

  void raiseEvent(String name, Object payload, Duration after) {
    Objects.requireNonNull(name, "name");
    events.add(new RaisedEvent(name, payload, checkLatency(after)));
  }

  /** A snapshot for one run: later registrations do not reach it. */
  TestSetup setup(
      String name,
      Orchestration orchestration,
      String instanceId,
      Instant startTime,
      Duration timeLimit,
      DataConverter converter) {
    return new TestSetup(
        name,
        orchestration,
        instanceId,
        startTime,
        timeLimit,
        converter,
        activities,
        subOrchestrations,
        entities,
        events,
        lockHolds);
  }

  private static String checkName(String name, String kind) {
    Objects.requireNonNull(name, kind + " name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("The " + kind + " name must not be blank");
    }
    return name;
  }

  private static Duration checkLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("A virtual delay must not be negative, was " + latency);
    }
    return latency;
  }
}
