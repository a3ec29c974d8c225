package io.durableentities.client;

import io.durableentities.client.internal.ClientSignalInvoker;
import io.durableentities.core.DurableException;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityNames;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.InvalidEntityInterfaceException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Entity operations of a {@link DurableClient}: signals, calls, reads, queries and storage
 * cleaning.
 *
 * <pre>{@code
 * EntityClient entities = client.entities();
 * EntityInstanceId id = EntityInstanceId.of(Account.class, "acct-1");
 * entities.signal(Account.class, id).deposit(500);                     // one-way, durable
 * long balance = entities.call(Account.class, id).balance();           // waits for the result
 * entities.call(Account.class, id).withdraw(100);                      // waits; throws if it failed
 * CompletableFuture<Long> later = entities.handle(Account.class, id).callAsync(Account::balance);
 * Optional<EntityMetadata<Long>> account = entities.get(id, Long.class);
 * }</pre>
 *
 * <h2>Signals and calls</h2>
 *
 * The same interface means the same thing everywhere: a <em>signal</em> proxy ({@link
 * #signal(Class, EntityInstanceId)}) is one-way: each method returns once the scheduler stored the
 * operation, only {@code void} methods can be called, and a failure of the operation is never
 * reported back. A <em>call</em> proxy ({@link #call(Class, EntityInstanceId)}) waits for every
 * method, {@code void} included, until the operation ran, returns its result and throws {@link
 * io.durableentities.core.EntityOperationFailedException} if it failed, like the tester's and an
 * orchestration's proxies.
 *
 * <p>The wire contract lets only orchestrations receive an entity's answer, so a call runs a small
 * built-in orchestration, {@code __durableentities.callEntity}: this needs {@code
 * io.durableentities:orchestration-bridge} on the class path of the client and of the workers
 * (every worker then runs that orchestration by itself); without it, calls throw {@link
 * EntityException} naming the module. A call that gets no result within its timeout (default {@link
 * #DEFAULT_CALL_TIMEOUT}) throws {@link EntityException} caused by a {@link
 * java.util.concurrent.TimeoutException}, naming the entity and the likely cause; the operation may
 * still run later. Operations are never lost by waiting: work for an entity name that no connected
 * worker hosts waits until one connects.
 *
 * <h2>Errors</h2>
 *
 * Calls that fail because the scheduler is unavailable or slow are retried according to the
 * client's {@link ClientRetryPolicy}; a call the scheduler rejected, or that stayed unavailable
 * after the retries, throws {@link DurableException} naming the entity, the operation and the gRPC
 * status; a failure about the entity itself (an input or state that cannot be converted, a signal
 * proxy method with a result) throws {@link EntityException}. Implementations are thread-safe.
 */
public interface EntityClient {

  /** How long a call waits for its result unless given a timeout: one minute. */
  Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(1);

  /**
   * Signals an entity: a durable, one-way operation call. The signal is durable once this method
   * returns; it creates the entity if needed.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, serialized with the client's data converter; may be null
   * @throws DurableException if the scheduler rejected the signal or stayed unavailable
   */
  default void signal(EntityInstanceId id, String operation, Object input) {
    signal(id, operation, input, null);
  }

  /**
   * Signals an entity, to be delivered no earlier than a time.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input; may be null
   * @param scheduledTime the earliest delivery time, or null for now
   * @throws DurableException if the scheduler rejected the signal or stayed unavailable
   */
  void signal(EntityInstanceId id, String operation, Object input, Instant scheduledTime);

  /**
   * Returns a proxy whose method calls signal an entity: one-way, each durable once the method
   * returns; the entity's failures are not reported back. Methods must return {@code void}: a
   * signal has no result.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the proxy
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory is on the class path
   */
  default <T> T signal(Class<T> entityInterface, EntityInstanceId id) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(id, "id");
    return EntityProxies.create(
        entityInterface, new ClientSignalInvoker(this, entityInterface, id, null));
  }

  /**
   * Returns a proxy whose method calls schedule signals: the entity receives each one at {@code at}
   * (not before). Methods must return {@code void}.
   *
   * <pre>{@code
   * client.entities().signal(Reminder.class, id, Instant.parse("2027-01-01T09:00:00Z")).ring();
   * }</pre>
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param at when the signals are delivered
   * @param <T> the interface type
   * @return the proxy
   */
  default <T> T signal(Class<T> entityInterface, EntityInstanceId id, Instant at) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(at, "at");
    return EntityProxies.create(
        entityInterface, new ClientSignalInvoker(this, entityInterface, id, at));
  }

  /**
   * Returns a proxy whose method calls schedule signals {@code delay} from now; "now" is read when
   * this method is called, from the client's clock ({@code DurableClient.Builder.clock}: the system
   * clock by default, the virtual clock in a test environment).
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param delay how long from now the signals are delivered; not negative
   * @param <T> the interface type
   * @return the proxy
   */
  default <T> T signalAfter(Class<T> entityInterface, EntityInstanceId id, Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return signal(entityInterface, id, Instant.now().plus(delay));
  }

  /**
   * Returns a proxy whose method calls signal an entity named by the interface's entity name
   * ({@link EntityNames}: the same name a worker hosts the implementing class under).
   *
   * @param entityInterface the entity interface
   * @param key the entity key
   * @param <T> the interface type
   * @return the proxy
   * @throws InvalidEntityInterfaceException if the interface breaks a rule or no name can be
   *     derived from it
   */
  default <T> T signal(Class<T> entityInterface, String key) {
    return signal(entityInterface, EntityInstanceId.of(entityInterface, key));
  }

  /**
   * Returns a proxy whose method calls <em>call</em> the entity: each waits until the operation ran
   * ({@code void} methods included), up to {@link #DEFAULT_CALL_TIMEOUT}, returns its result and
   * throws if it failed. Needs {@code orchestration-bridge} (see the class documentation).
   *
   * <pre>{@code
   * Wallet wallet = client.entities().call(Wallet.class, id);
   * wallet.charge(500);            // throws EntityOperationFailedException on an empty wallet
   * long left = wallet.balance();
   * }</pre>
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the proxy
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory or no {@code orchestration-bridge} is on the class
   *     path
   */
  default <T> T call(Class<T> entityInterface, EntityInstanceId id) {
    return call(entityInterface, id, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Returns a call proxy for the entity the interface names ({@link EntityNames}) with a key.
   *
   * @param entityInterface the entity interface
   * @param key the entity key
   * @param <T> the interface type
   * @return the proxy
   * @throws InvalidEntityInterfaceException if the interface breaks a rule or no name can be
   *     derived from it
   * @throws EntityException if no proxy factory or no {@code orchestration-bridge} is on the class
   *     path
   */
  default <T> T call(Class<T> entityInterface, String key) {
    return call(entityInterface, EntityInstanceId.of(entityInterface, key));
  }

  /**
   * Returns a call proxy whose calls wait up to a timeout.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param timeout how long each call waits for its result; positive
   * @param <T> the interface type
   * @return the proxy; a call without a result in time throws {@link EntityException} caused by a
   *     {@link java.util.concurrent.TimeoutException}
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory or no {@code orchestration-bridge} is on the class
   *     path
   */
  <T> T call(Class<T> entityInterface, EntityInstanceId id, Duration timeout);

  /**
   * Returns a handle that turns method references into calls, asynchronous ({@code
   * callAsync(Wallet::balance)}) or blocking, and signals; calls wait up to {@link
   * #DEFAULT_CALL_TIMEOUT}.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the handle
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory is on the class path
   */
  default <T> EntityClientHandle<T> handle(Class<T> entityInterface, EntityInstanceId id) {
    return handle(entityInterface, id, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Returns a handle whose calls wait up to a timeout.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param timeout how long each call waits for its result; positive
   * @param <T> the interface type
   * @return the handle
   * @throws InvalidEntityInterfaceException if the interface breaks a rule
   * @throws EntityException if no proxy factory is on the class path
   */
  <T> EntityClientHandle<T> handle(Class<T> entityInterface, EntityInstanceId id, Duration timeout);

  /**
   * Calls an operation by name and waits until it ran, up to {@link #DEFAULT_CALL_TIMEOUT}.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input, serialized with the client's data converter; may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param <R> the result type
   * @return the result
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   * @throws EntityException if no result came in time (caused by a {@link
   *     java.util.concurrent.TimeoutException}), the result cannot be read, or no {@code
   *     orchestration-bridge} is on the class path
   * @throws PayloadStoreException if the result is stored in the payload store and could not be
   *     read from it (as the store threw it, its cause kept), or this client has no payload store
   */
  default <R> R call(EntityInstanceId id, String operation, Object input, Class<R> resultType) {
    return call(id, operation, input, resultType, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Calls an operation by name and waits until it ran, up to a timeout.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input; may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param timeout how long to wait for the result; positive
   * @param <R> the result type
   * @return the result
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   * @throws EntityException if no result came in time (caused by a {@link
   *     java.util.concurrent.TimeoutException}), the result cannot be read, or no {@code
   *     orchestration-bridge} is on the class path
   * @throws PayloadStoreException if the result is stored in the payload store and could not be
   *     read from it (as the store threw it, its cause kept), or this client has no payload store
   */
  <R> R call(
      EntityInstanceId id, String operation, Object input, Class<R> resultType, Duration timeout);

  /**
   * Calls an operation by name without blocking, waiting up to {@link #DEFAULT_CALL_TIMEOUT}.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input; may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param <R> the result type
   * @return completes with the result, or exceptionally with what {@link #call(EntityInstanceId,
   *     String, Object, Class)} throws
   */
  default <R> CompletableFuture<R> callAsync(
      EntityInstanceId id, String operation, Object input, Class<R> resultType) {
    return callAsync(id, operation, input, resultType, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Calls an operation by name without blocking, waiting up to a timeout.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the input; may be null
   * @param resultType the result type ({@code Void.class} for none)
   * @param timeout how long to wait for the result; positive
   * @param <R> the result type
   * @return completes with the result, or exceptionally with what {@link #call(EntityInstanceId,
   *     String, Object, Class, Duration)} throws
   */
  <R> CompletableFuture<R> callAsync(
      EntityInstanceId id, String operation, Object input, Class<R> resultType, Duration timeout);

  /**
   * Reads an entity's metadata without its state.
   *
   * @param id the entity
   * @return the metadata, or empty when the entity does not exist
   * @throws DurableException if the call failed
   */
  Optional<EntityMetadata<Void>> get(EntityInstanceId id);

  /**
   * Reads an entity's metadata and state.
   *
   * @param id the entity
   * @param stateType the state type
   * @param <S> the state type
   * @return the metadata, or empty when the entity does not exist
   * @throws DurableException if the call failed ({@link EntityException} if the state cannot be
   *     read as {@code stateType})
   */
  <S> Optional<EntityMetadata<S>> get(EntityInstanceId id, Class<S> stateType);

  /**
   * Queries entities; pages are fetched as the stream is consumed. The state, when included, is the
   * serialized (JSON) form.
   *
   * @param query which entities
   * @return the entities, lazily paged
   * @throws DurableException (while consuming) if a page could not be fetched
   */
  Stream<EntityMetadata<String>> query(EntityQuery query);

  /**
   * Queries entities with state of one type; pages are fetched as the stream is consumed.
   *
   * @param query which entities
   * @param stateType the state type
   * @param <S> the state type
   * @return the entities, lazily paged
   * @throws DurableException (while consuming) if a page could not be fetched ({@link
   *     EntityException} if a state cannot be read)
   */
  <S> Stream<EntityMetadata<S>> query(EntityQuery query, Class<S> stateType);

  /**
   * Removes empty entities and releases locks held by orchestrations that no longer run, looping
   * until the scheduler reports no more work.
   *
   * @param removeEmptyEntities whether to remove entities without state, lock or queue
   * @param releaseOrphanedLocks whether to release orphaned locks
   * @return the summed counts
   * @throws DurableException if a call failed
   */
  CleanEntityStorageResult cleanStorage(boolean removeEmptyEntities, boolean releaseOrphanedLocks);
}
