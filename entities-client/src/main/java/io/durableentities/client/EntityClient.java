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
import java.util.stream.Stream;

/**
 * Entity operations of a {@link DurableClient}: signals, reads, queries and storage cleaning.
 *
 * <pre>{@code
 * EntityClient entities = client.entities();
 * entities.signal(Account.class, "acct-1").deposit(500);              // typed, one-way
 * entities.signal(EntityInstanceId.of("account", "acct-1"), "deposit", 500);
 * Optional<EntityMetadata<Long>> account = entities.get(EntityInstanceId.of("account", "acct-1"), Long.class);
 * }</pre>
 *
 * <p>Calls that fail because the scheduler is unavailable or slow are retried according to the
 * client's {@link ClientRetryPolicy}; a call the scheduler rejected, or that stayed unavailable
 * after the retries, throws {@link DurableException} naming the entity, the operation and the gRPC
 * status; a failure about the entity itself (an input or state that cannot be converted, a proxy
 * method with a result) throws {@link EntityException}. Implementations are thread-safe.
 */
public interface EntityClient {

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
   * Returns a proxy whose method calls signal an entity. Methods must return {@code void}: a signal
   * has no result.
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
   * Returns a proxy whose method calls schedule signals {@code delay} from now.
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
   * Same as {@link #signal(Class, EntityInstanceId)}.
   *
   * @param entityInterface the entity interface
   * @param id the entity
   * @param <T> the interface type
   * @return the proxy
   */
  default <T> T signalProxy(Class<T> entityInterface, EntityInstanceId id) {
    return signal(entityInterface, id);
  }

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
