package io.durableentities.orchestration.internal;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.spi.RecordedCall;
import io.durableentities.orchestration.EntityHandle;
import io.durableentities.orchestration.Task;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/** An {@link EntityHandle} that records method references with {@link EntityProxies#record}. */
final class TypedEntityHandle<T> implements EntityHandle<T> {

  private final EntityFeature entities;
  private final Class<T> entityInterface;
  private final EntityInstanceId id;

  TypedEntityHandle(EntityFeature entities, Class<T> entityInterface, EntityInstanceId id) {
    this.entities = entities;
    this.entityInterface = entityInterface;
    this.id = Objects.requireNonNull(id, "id");
  }

  @Override
  public EntityInstanceId id() {
    return id;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> Task<R> callAsync(Function<? super T, R> call) {
    Objects.requireNonNull(call, "call");
    RecordedCall recorded = EntityProxies.record(entityInterface, proxy -> call.apply(proxy));
    return (Task<R>)
        (Task<?>)
            entities.callTyped(
                id,
                recorded.operation().name(),
                recorded.input(),
                recorded.operation().resultType());
  }

  @Override
  @SuppressWarnings("unchecked")
  public Task<Void> runAsync(Consumer<? super T> call) {
    RecordedCall recorded =
        EntityProxies.record(entityInterface, Objects.requireNonNull(call, "call"));
    return (Task<Void>)
        (Task<?>) entities.callTyped(id, recorded.operation().name(), recorded.input(), Void.class);
  }

  @Override
  public void signal(Consumer<? super T> call) {
    signal(call, null);
  }

  @Override
  public void signal(Consumer<? super T> call, Instant at) {
    RecordedCall recorded =
        EntityProxies.record(entityInterface, Objects.requireNonNull(call, "call"));
    entities.signal(id, recorded.operation().name(), recorded.input(), at);
  }

  @Override
  public String toString() {
    return "EntityHandle[" + entityInterface.getSimpleName() + " " + id + "]";
  }
}
