package io.durableentities.client;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed handle on one entity, from {@link EntityClient#handle}, that turns method references into
 * client calls and signals: the asynchronous form of {@link EntityClient#call(Class,
 * EntityInstanceId) call proxies}, shaped like an orchestration's {@code EntityHandle}.
 *
 * <pre>{@code
 * EntityClientHandle<Wallet> wallet = client.entities().handle(Wallet.class, id);
 * CompletableFuture<Void> charged = wallet.runAsync(w -> w.charge(500));  // waits for a void call too
 * CompletableFuture<Long> balance = wallet.callAsync(Wallet::balance);
 * long cents = balance.join();
 * }</pre>
 *
 * <p>The lambda passed to each method must make exactly one operation call on the entity interface;
 * it is recorded, not run against the entity. A call completes exceptionally with {@link
 * io.durableentities.core.EntityOperationFailedException} when the operation failed, and with
 * {@link io.durableentities.core.EntityException} (caused by a {@link
 * java.util.concurrent.TimeoutException}) when no result came within the handle's timeout ({@code
 * join()} wraps both in a {@link java.util.concurrent.CompletionException}). Dependent actions run
 * on the client's gRPC threads unless given an executor. Thread-safe.
 *
 * @param <T> the entity interface
 */
public interface EntityClientHandle<T> {

  /**
   * Returns the entity.
   *
   * @return the entity id
   */
  EntityInstanceId id();

  /**
   * Calls an operation that returns a result, such as {@code Wallet::balance} or {@code w ->
   * w.charge(5)}, without blocking.
   *
   * @param call makes one operation call
   * @param <R> the result type
   * @return completes with the result once the operation has run
   */
  <R> CompletableFuture<R> callAsync(Function<? super T, R> call);

  /**
   * Calls a {@code void} operation, such as {@code w -> w.charge(5)}, without blocking.
   *
   * @param call makes one operation call
   * @return completes once the operation has run
   */
  CompletableFuture<Void> runAsync(Consumer<? super T> call);

  /**
   * Calls an operation and waits for its result.
   *
   * @param call makes one operation call
   * @param <R> the result type
   * @return the result
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   * @throws io.durableentities.core.EntityException if no result came in time
   */
  <R> R call(Function<? super T, R> call);

  /**
   * Calls a {@code void} operation and waits until it has run.
   *
   * @param call makes one operation call
   * @throws io.durableentities.core.EntityOperationFailedException if the operation failed
   * @throws io.durableentities.core.EntityException if it did not run in time
   */
  void run(Consumer<? super T> call);

  /**
   * Signals an operation: one-way and durable once this method returns.
   *
   * @param call makes one operation call
   */
  void signal(Consumer<? super T> call);

  /**
   * Signals an operation that must not run before a point in time.
   *
   * @param call makes one operation call
   * @param at the earliest time the operation runs
   */
  void signal(Consumer<? super T> call, Instant at);
}
