package io.durableentities.orchestration;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Entities seen from an orchestration ({@link OrchestrationContext#entities()}): calls that return
 * results, one-way signals, critical sections over several entities, and typed access.
 *
 * <h2>Calls and signals</h2>
 *
 * A call sends an operation to an entity and completes the returned {@link Task} with the result
 * (or fails it with {@link io.durableentities.core.EntityOperationFailedException}). A signal is
 * one-way: it is sent when the episode commits and nothing waits for it.
 *
 * <h2>Critical sections</h2>
 *
 * {@link #lockEntities} locks a set of entities (sorted and de-duplicated, so two orchestrations
 * never deadlock) and returns once all are locked; while locked, the entities serve only this
 * orchestration. Use try-with-resources:
 *
 * <pre>{@code
 * try (CriticalSection lock = ctx.entities().lockEntities(from, to)) {
 *   long balance = ctx.entities().call(from, "balance", null, Long.class);
 *   ctx.entities().call(from, "withdraw", amount, Void.class);
 *   ctx.entities().call(to, "deposit", amount, Void.class);
 * }
 * }</pre>
 *
 * Rules, each enforced with a {@link CriticalSectionViolationException} naming the rule: the lock
 * set is not empty; no nested locks; inside, calls only to locked entities, at most one outstanding
 * call per locked entity, no signals to locked entities, no sub-orchestrations and no
 * continue-as-new. Locks are released on {@link CriticalSection#close()} and on every exit of the
 * orchestration (return, failure, termination), so no entity stays locked.
 *
 * <h2>Typed access</h2>
 *
 * {@link #proxy} gives a typed proxy whose methods are blocking calls; {@link #handle} gives an
 * {@link EntityHandle} whose {@code callAsync(Account::balance)} returns a {@link Task}, for
 * fan-out over many entities. Both need a proxy factory on the class path (the {@code
 * io.durableentities:entities-proxy} module).
 */
public interface OrchestrationEntities {

  /**
   * Calls an entity operation.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param <V> the result type
   * @return the call's task
   * @throws CriticalSectionViolationException inside a critical section, if {@code id} is not
   *     locked or already has a call outstanding
   */
  <V> Task<V> callAsync(EntityInstanceId id, String operation, Object input, Class<V> resultType);

  /**
   * Calls an entity operation and waits for the result: {@code callAsync(...).await()}.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param <V> the result type
   * @return the result
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   */
  default <V> V call(EntityInstanceId id, String operation, Object input, Class<V> resultType) {
    return callAsync(id, operation, input, resultType).await();
  }

  /**
   * Signals an entity operation: one-way, nothing waits for it.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, may be null
   * @throws CriticalSectionViolationException if the entity is locked by this orchestration
   */
  void signal(EntityInstanceId id, String operation, Object input);

  /**
   * Signals an entity operation that must not run before a point in time.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, may be null
   * @param at the earliest time the operation runs
   * @throws CriticalSectionViolationException if the entity is locked by this orchestration
   */
  void signal(EntityInstanceId id, String operation, Object input, Instant at);

  /**
   * Locks entities and waits until all are locked. The ids are de-duplicated and sorted.
   *
   * @param ids the entities to lock, not empty
   * @return the critical section; close it to release the locks
   * @throws CriticalSectionViolationException if no id is given or a section is already open
   */
  CriticalSection lockEntities(EntityInstanceId... ids);

  /**
   * Locks entities and waits until all are locked. The ids are de-duplicated and sorted.
   *
   * @param ids the entities to lock, not empty
   * @return the critical section; close it to release the locks
   * @throws CriticalSectionViolationException if no id is given or a section is already open
   */
  CriticalSection lockEntities(Collection<EntityInstanceId> ids);

  /**
   * Tells whether this orchestration holds locks.
   *
   * @return whether a critical section is open
   */
  boolean isInCriticalSection();

  /**
   * Returns the entities locked by the open critical section.
   *
   * @return the locked entities, sorted; empty outside a critical section
   */
  List<EntityInstanceId> lockedEntities();

  /**
   * Returns a typed proxy whose methods <em>call</em> the entity and wait for completion. A {@code
   * void} method is a call too (not a signal), so that failures surface as {@link
   * io.durableentities.core.EntityOperationFailedException}; use {@link #signalProxy} for one-way
   * signals.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the proxy
   * @throws io.durableentities.core.EntityException if no proxy factory is on the class path
   */
  <T> T proxy(Class<T> entityInterface, EntityInstanceId id);

  /**
   * Returns a typed proxy whose methods <em>signal</em> the entity; only {@code void} operations
   * can be signaled.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the proxy
   * @throws io.durableentities.core.EntityException if no proxy factory is on the class path
   */
  <T> T signalProxy(Class<T> entityInterface, EntityInstanceId id);

  /**
   * Returns a handle that turns method references into calls and signals, returning {@link Task}s.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the handle
   */
  <T> EntityHandle<T> handle(Class<T> entityInterface, EntityInstanceId id);
}
