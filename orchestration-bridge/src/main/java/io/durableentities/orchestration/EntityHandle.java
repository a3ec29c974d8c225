package io.durableentities.orchestration;

import io.durableentities.core.EntityInstanceId;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A typed handle on one entity that turns method references into calls and signals, from {@link
 * OrchestrationEntities#handle}. Asynchronous calls return {@link Task}s, so a fan-out over many
 * entities runs in parallel:
 *
 * <pre>{@code
 * List<Task<Long>> balances = new ArrayList<>();
 * for (EntityInstanceId id : accounts) {
 *   balances.add(ctx.entities().handle(Account.class, id).callAsync(Account::balance));
 * }
 * long total = ctx.allOf(balances).await().stream().mapToLong(Long::longValue).sum();
 * }</pre>
 *
 * The lambda passed to each method must make exactly one operation call on the entity interface; it
 * is recorded, not run against the entity.
 *
 * @param <T> the entity interface
 */
public interface EntityHandle<T> {

  /**
   * Returns the entity.
   *
   * @return the entity id
   */
  EntityInstanceId id();

  /**
   * Calls an operation that returns a result, such as {@code Account::balance} or {@code a ->
   * a.withdraw(5)}.
   *
   * @param call makes one operation call
   * @param <R> the result type
   * @return the call's task
   */
  <R> Task<R> callAsync(Function<? super T, R> call);

  /**
   * Calls an operation and waits for its result: {@code callAsync(call).await()}.
   *
   * @param call makes one operation call
   * @param <R> the result type
   * @return the result
   */
  default <R> R call(Function<? super T, R> call) {
    return callAsync(call).await();
  }

  /**
   * Calls a {@code void} operation, such as {@code a -> a.deposit(5)}.
   *
   * @param call makes one operation call
   * @return a task that completes when the operation has run
   */
  Task<Void> runAsync(Consumer<? super T> call);

  /**
   * Calls a {@code void} operation and waits until it has run: {@code runAsync(call).await()}.
   *
   * @param call makes one operation call
   */
  default void run(Consumer<? super T> call) {
    runAsync(call).await();
  }

  /**
   * Signals an operation: one-way.
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
