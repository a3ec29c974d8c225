package io.durableentities.core;

import io.durableentities.core.internal.SignalInvoker;
import java.time.Instant;

/**
 * What an entity can do besides changing its state, while one of its operations runs: signal other
 * entities, start orchestrations, delete its own state.
 *
 * <p>Effects are transactional: signals and orchestration starts are sent only if the operation
 * succeeds, and dropped if it throws. Entities can only <em>signal</em> other entities (one-way);
 * calls with results are for orchestrations. A context is valid only during its operation.
 *
 * <pre>{@code
 * public void transferOut(Transfer t, EntityContext context) {
 *   state -= t.amount();
 *   context.signal(EntityInstanceId.of("account", t.to()), "deposit", t.amount());
 *   context.signalProxy(Account.class, EntityInstanceId.of("account", t.to())).deposit(t.amount());
 * }
 * }</pre>
 */
public interface EntityContext {

  /**
   * Returns the id of the running entity.
   *
   * @return the entity id
   */
  EntityInstanceId id();

  /**
   * Returns the name of the running operation, as requested.
   *
   * @return the operation name
   */
  String operationName();

  /**
   * Signals an operation on an entity (one-way), sent when the running operation succeeds.
   *
   * @param target the entity to signal
   * @param operation the operation name, not blank
   * @param input the input, serialized now; may be null
   * @throws DataConverterException if the input cannot be serialized
   */
  void signal(EntityInstanceId target, String operation, Object input);

  /**
   * Signals an operation on an entity, to be delivered not before a given time.
   *
   * @param target the entity to signal
   * @param operation the operation name, not blank
   * @param input the input, serialized now; may be null
   * @param at the earliest delivery time
   * @throws DataConverterException if the input cannot be serialized
   */
  void signal(EntityInstanceId target, String operation, Object input, Instant at);

  /**
   * Starts an orchestration with a new random instance id, when the running operation succeeds.
   *
   * @param name the orchestration name, not blank
   * @param input the input, serialized now; may be null
   * @return the new instance id: a random UUID without dashes
   */
  String startOrchestration(String name, Object input);

  /**
   * Starts an orchestration with a given instance id, when the running operation succeeds.
   *
   * @param name the orchestration name, not blank
   * @param input the input, serialized now; may be null
   * @param instanceId the instance id; not blank and not starting with {@code @} (reserved for
   *     entities)
   * @return the instance id
   */
  String startOrchestration(String name, Object input, String instanceId);

  /**
   * Schedules an orchestration start, when the running operation succeeds.
   *
   * @param name the orchestration name, not blank
   * @param input the input, serialized now; may be null
   * @param instanceId the instance id, or null for a random UUID without dashes
   * @param at the earliest start time
   * @return the instance id
   */
  String startOrchestration(String name, Object input, String instanceId, Instant at);

  /**
   * Starts an orchestration with options (instance id, start time, version), when the running
   * operation succeeds. Without a version in the options the orchestration gets the default version
   * of the worker running this entity, as the Durable Task SDKs give it to sub-orchestrations.
   *
   * @param name the orchestration name, not blank
   * @param input the input, serialized now; may be null
   * @param options the instance id, start time and version
   * @return the instance id
   */
  String startOrchestration(String name, Object input, StartOrchestrationOptions options);

  /** Deletes the entity's state (for a {@link TaskEntity}, also sets its state field to null). */
  void deleteState();

  /**
   * Returns a typed proxy whose calls signal {@code target}. Only methods without a result can be
   * called: entities signal other entities, they never wait for them. Needs {@code
   * io.durableentities:entities-proxy} on the class path.
   *
   * @param entityInterface the entity interface
   * @param target the entity to signal
   * @param <T> the interface type
   * @return a proxy; calling a method with a result throws {@link EntityException}
   */
  default <T> T signalProxy(Class<T> entityInterface, EntityInstanceId target) {
    return EntityProxies.create(
        entityInterface, new SignalInvoker(this, entityInterface, target, null));
  }

  /**
   * Returns a typed proxy whose calls schedule signals to {@code target} at {@code at} (not
   * before). Only methods without a result can be called.
   *
   * @param entityInterface the entity interface
   * @param target the entity to signal
   * @param at when the signals are delivered
   * @param <T> the interface type
   * @return a proxy; calling a method with a result throws {@link EntityException}
   */
  default <T> T signalProxy(Class<T> entityInterface, EntityInstanceId target, Instant at) {
    java.util.Objects.requireNonNull(at, "at");
    return EntityProxies.create(
        entityInterface, new SignalInvoker(this, entityInterface, target, at));
  }
}
