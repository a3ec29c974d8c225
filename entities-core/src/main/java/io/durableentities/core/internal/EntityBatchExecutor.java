package io.durableentities.core.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.FailureDetails;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of operations on one entity, each operation a transaction. Independent of the wire
 * protocol; thread-safe (each batch uses its own objects).
 *
 * <ul>
 *   <li>One new entity object per batch: the factory is called once.
 *   <li>Per operation: checkpoint the state and the action count; run; on success commit the state
 *       and serialize the result; on an {@link Exception} record a {@link OperationResult.Failure},
 *       roll back the state, drop the operation's actions, and go on with the next operation.
 *   <li>State that cannot be deserialized fails the operation that reads it and stays stored.
 *   <li>{@link Error}s are not caught: they propagate out of {@link #execute}, and the caller
 *       should abandon the work item.
 *   <li>Unregistered entity name: one non-retriable {@code EntityTaskNotFound} failure per
 *       operation ({@link #failAll}). A factory that throws: a batch-level failure without results,
 *       to be retried.
 * </ul>
 */
public final class EntityBatchExecutor {

  /** The error type of the failures reported for an unregistered entity name. */
  public static final String ENTITY_TASK_NOT_FOUND = "EntityTaskNotFound";

  private static final Logger LOG = LoggerFactory.getLogger(EntityBatchExecutor.class);

  private final Function<String, ? extends Supplier<? extends Entity>> factories;
  private final Supplier<Set<String>> names;
  private final DataConverter converter;
  private final Clock clock;

  /**
   * Creates an executor over a registry.
   *
   * @param registry the entity factories
   * @param converter converts inputs, results and state
   * @param clock the source of operation timestamps
   */
  public EntityBatchExecutor(EntityRegistry registry, DataConverter converter, Clock clock) {
    this(Objects.requireNonNull(registry, "registry")::find, registry::names, converter, clock);
  }

  /**
   * Creates an executor over a lookup function. The name is looked up as given, then lower-cased.
   *
   * @param factories returns the factory for an entity name, or null when there is none
   * @param converter converts inputs, results and state
   * @param clock the source of operation timestamps
   */
  public EntityBatchExecutor(
      Function<String, ? extends Supplier<? extends Entity>> factories,
      DataConverter converter,
      Clock clock) {
    this(factories, Set::of, converter, clock);
  }

  private EntityBatchExecutor(
      Function<String, ? extends Supplier<? extends Entity>> factories,
      Supplier<Set<String>> names,
      DataConverter converter,
      Clock clock) {
    this.factories = Objects.requireNonNull(factories, "factories");
    this.names = names;
    this.converter = Objects.requireNonNull(converter, "converter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs a batch.
   *
   * @param request the entity, its state and the operations
   * @return one result per operation, the kept actions and the new state
   */
  public EntityBatchResult execute(EntityBatchRequest request) {
    Objects.requireNonNull(request, "request");
    EntityInstanceId id = request.id();
    Supplier<? extends Entity> factory = lookup(id.name());
    if (factory == null) {
      LOG.warn(
          "No entity named '{}' is registered; failing {} operation(s) on {}",
          id.name(),
          request.operations().size(),
          id);
      return failAll(request, entityNotFound(request));
    }
    Entity entity;
    try {
      entity = factory.get();
      if (entity == null) {
        throw new EntityException(
            "The factory registered for entity name '"
                + id.name()
                + "' returned null for "
                + id
                + "; it must return a new entity object for each batch");
      }
    } catch (Exception e) {
      LOG.warn("Could not create entity {}; the batch fails and should be retried", id, e);
      return new EntityBatchResult(List.of(), List.of(), request.state(), FailureDetails.from(e));
    }
    BatchState state = new BatchState(converter, request.state());
    List<EntityAction> actions = new ArrayList<>();
    List<OperationResult> results = new ArrayList<>(request.operations().size());
    for (OperationRequest operation : request.operations()) {
      results.add(run(entity, id, operation, state, actions));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "Ran {} operation(s) on {}: {} action(s), state {}",
          results.size(),
          id,
          actions.size(),
          state.committed() == null ? "none" : "kept");
    }
    return new EntityBatchResult(results, actions, state.committed(), null);
  }

  /**
   * Fails every operation of a batch with the same details, leaving the state unchanged. Used for
   * an unregistered entity name, and by workers that cannot run a batch at all.
   *
   * @param request the batch
   * @param details the failure of each operation
   * @return one failure per operation, no actions, the state as it was
   */
  public EntityBatchResult failAll(EntityBatchRequest request, FailureDetails details) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(details, "details");
    Instant now = clock.instant();
    List<OperationResult> results = new ArrayList<>(request.operations().size());
    for (int i = 0; i < request.operations().size(); i++) {
      results.add(new OperationResult.Failure(details, now, now));
    }
    return new EntityBatchResult(results, List.of(), request.state(), null);
  }

  private OperationResult run(
      Entity entity,
      EntityInstanceId id,
      OperationRequest request,
      BatchState state,
      List<EntityAction> actions) {
    int actionMark = actions.size();
    BatchOperation operation = new BatchOperation(id, request, state, actions, converter);
    Instant start = clock.instant();
    try {
      Object result = entity.run(operation);
      String resultJson = converter.serialize(result);
      state.commit(state.pending());
      return new OperationResult.Success(resultJson, start, clock.instant());
    } catch (Exception e) {
      state.rollback();
      actions.subList(actionMark, actions.size()).clear();
      if (LOG.isDebugEnabled()) {
        LOG.debug("Operation '{}' on {} failed: {}", request.operation(), id, e.toString());
      }
      return new OperationResult.Failure(FailureDetails.from(e), start, clock.instant());
    } finally {
      operation.end();
    }
  }

  private Supplier<? extends Entity> lookup(String name) {
    Supplier<? extends Entity> factory = factories.apply(name);
    return factory != null ? factory : factories.apply(name.toLowerCase(Locale.ROOT));
  }

  private FailureDetails entityNotFound(EntityBatchRequest request) {
    Set<String> registered = names.get();
    return new FailureDetails(
        ENTITY_TASK_NOT_FOUND,
        "No entity named '"
            + request.id().name()
            + "' is registered with this worker (entity "
            + request.id()
            + ")"
            + (registered.isEmpty() ? "" : "; registered entities: " + registered)
            + ". Register the entity class with the worker under that name",
        null,
        true);
  }
}
