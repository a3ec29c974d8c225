package io.durableentities.client.internal.grpc;

import io.durableentities.core.EntityInstanceId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a client's calls to entities. The wire contract lets only orchestrations receive an
 * entity's answer, so calls run through an orchestration: {@code orchestration-bridge} provides the
 * implementation (a {@link ClientExtensionProvider} of this type, found with {@link
 * java.util.ServiceLoader}) and registers the orchestration on every worker. For Durable Entities
 * modules.
 */
public interface EntityCaller {

  /**
   * Calls an operation and waits for its result.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the serialized input, or null for none
   * @param timeout how long to wait for the result
   * @return the serialized result, or null for none
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   * @throws io.durableentities.core.EntityException if no result came in time (the cause is a
   *     {@link java.util.concurrent.TimeoutException}; the message names the entity and the likely
   *     cause) or the call could not be made
   * @throws io.durableentities.client.PayloadStoreException as the store threw it, when the result
   *     is stored in the payload store and could not be read from it
   */
  String call(EntityInstanceId id, String operation, String input, Duration timeout);

  /**
   * Calls an operation without blocking.
   *
   * @param id the entity
   * @param operation the operation name
   * @param input the serialized input, or null for none
   * @param timeout how long to wait for the result
   * @return completes with the serialized result (null for none), or exceptionally with what {@link
   *     #call} throws
   */
  CompletableFuture<String> callAsync(
      EntityInstanceId id, String operation, String input, Duration timeout);
}
