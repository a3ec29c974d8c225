package io.durableentities.client.internal;

import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityClientHandle;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.spi.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/** An {@link EntityClientHandle} that records method references with {@link EntityProxies}. */
public final class ClientEntityHandle<T> implements EntityClientHandle<T> {

  private final EntityClient client;
  private final EntityCalls calls;
  private final Class<T> entityInterface;
  private final EntityInstanceId id;
  private final Duration timeout;

  /**
   * Creates a handle.
   *
   * @param client sends the signals
   * @param calls makes the calls
   * @param entityInterface the entity interface
   * @param id the entity
   * @param timeout how long each call waits
   */
  public ClientEntityHandle(
      EntityClient client,
      EntityCalls calls,
      Class<T> entityInterface,
      EntityInstanceId id,
      Duration timeout) {
    this.client = Objects.requireNonNull(client, "client");
    this.calls = Objects.requireNonNull(calls, "calls");
    this.entityInterface = Objects.requireNonNull(entityInterface, "entityInterface");
    this.id = Objects.requireNonNull(id, "id");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public EntityInstanceId id() {
    return id;
  }

  @Override
  @SuppressWarnings("unchecked") // the recorded operation's result type is R
  public <R> CompletableFuture<R> callAsync(Function<? super T, R> call) {
    RecordedCall recorded;
    try {
      recorded = record(Objects.requireNonNull(call, "call")::apply);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return (CompletableFuture<R>)
        calls.callAsync(
            id,
            recorded.operation().name(),
            recorded.input(),
            recorded.operation().resultType(),
            timeout);
  }

  @Override
  public CompletableFuture<Void> runAsync(Consumer<? super T> call) {
    RecordedCall recorded;
    try {
      recorded = record(Objects.requireNonNull(call, "call"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return calls
        .callAsync(id, recorded.operation().name(), recorded.input(), Void.class, timeout)
        .thenApply(ignored -> null);
  }

  @Override
  @SuppressWarnings("unchecked") // the recorded operation's result type is R
  public <R> R call(Function<? super T, R> call) {
    RecordedCall recorded = record(Objects.requireNonNull(call, "call")::apply);
    return (R)
        calls.call(
            id,
            recorded.operation().name(),
            recorded.input(),
            recorded.operation().resultType(),
            timeout);
  }

  @Override
  public void run(Consumer<? super T> call) {
    RecordedCall recorded = record(Objects.requireNonNull(call, "call"));
    calls.call(id, recorded.operation().name(), recorded.input(), Void.class, timeout);
  }

  @Override
  public void signal(Consumer<? super T> call) {
    RecordedCall recorded = record(Objects.requireNonNull(call, "call"));
    client.signal(id, recorded.operation().name(), recorded.input());
  }

  @Override
  public void signal(Consumer<? super T> call, Instant at) {
    Objects.requireNonNull(at, "at");
    RecordedCall recorded = record(Objects.requireNonNull(call, "call"));
    client.signal(id, recorded.operation().name(), recorded.input(), at);
  }

  private RecordedCall record(Consumer<? super T> call) {
    return EntityProxies.record(entityInterface, call);
  }

  @Override
  public String toString() {
    return "EntityClientHandle[" + entityInterface.getSimpleName() + " " + id + "]";
  }
}
