package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.SentSignal;
import io.durableentities.core.internal.EntityAction;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.OperationRequest;
import io.durableentities.core.internal.OperationResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A real entity in memory: each operation is a one-operation batch of the core's batch executor
 * (the worker's dispatch, transactions and serialization), its state kept here between operations,
 * its clock the virtual one. The signals the entity sends come back with its {@link Reply}; the
 * orchestration starts it asks for are dropped.
 */
final class InMemoryEntity implements EntityDouble {

  private final EntityInstanceId id;
  private final Supplier<? extends Entity> factory;
  private final DataConverter converter;
  private String stateJson;

  InMemoryEntity(
      EntityInstanceId id,
      Supplier<? extends Entity> factory,
      String initialStateJson,
      DataConverter converter) {
    this.id = id;
    this.factory = factory;
    this.stateJson = initialStateJson;
    this.converter = converter;
  }

  @Override
  public Reply run(String operation, String inputJson, Instant now) {
    EntityBatchExecutor executor =
        new EntityBatchExecutor(name -> factory, converter, Clock.fixed(now, ZoneOffset.UTC));
    EntityBatchResult result =
        executor.execute(
            new EntityBatchRequest(
                id, stateJson, List.of(OperationRequest.of(operation, inputJson))));
    if (result.batchFailure() != null) {
      throw new IllegalStateException(
          "Could not create entity "
              + id
              + " for operation '"
              + operation
              + "': "
              + result.batchFailure().summary()
              + "; check the factory passed to OrchestrationTester.entity(...)");
    }
    stateJson = result.state();
    OperationResult outcome = result.results().get(0);
    if (outcome instanceof OperationResult.Failure failure) {
      return new Reply(null, failure.details());
    }
    List<SentSignal> signals = new ArrayList<>();
    for (EntityAction action : result.actions()) {
      if (action instanceof EntityAction.SendSignal s) {
        signals.add(new SentSignal(s.target(), s.operation(), s.input(), s.scheduledTime()));
      }
    }
    return new Reply(((OperationResult.Success) outcome).resultJson(), null, signals);
  }

  @Override
  public Duration latency() {
    return Duration.ZERO;
  }

  /** The state now, serialized; null when the entity has none. */
  String stateJson() {
    return stateJson;
  }
}
