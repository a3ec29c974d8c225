package io.durableentities.core.internal;

import io.durableentities.core.EntityProxies;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.TestOperation;
import io.durableentities.core.spi.EntityInvoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records the operations a lambda calls on a typed proxy, in order, without running them: the typed
 * form of a tester batch. Calls return placeholders (0, {@code false} or null), since the
 * operations have not run yet.
 */
public final class BatchRecorder implements EntityInvoker {

  private static final Map<Class<?>, Object> PLACEHOLDERS =
      Map.of(
          boolean.class,
          false,
          byte.class,
          (byte) 0,
          short.class,
          (short) 0,
          char.class,
          (char) 0,
          int.class,
          0,
          long.class,
          0L,
          float.class,
          0f,
          double.class,
          0d);

  private final List<TestOperation> operations = new ArrayList<>();

  private BatchRecorder() {}

  /**
   * Runs a lambda against a recording proxy.
   *
   * @param entityInterface the entity interface
   * @param calls calls operations on the proxy
   * @param <T> the interface type
   * @return the operations called, in order; may be empty
   * @throws io.durableentities.core.InvalidEntityInterfaceException if the interface breaks a rule
   * @throws io.durableentities.core.EntityException if no proxy factory is on the class path
   */
  public static <T> List<TestOperation> record(
      Class<T> entityInterface, Consumer<? super T> calls) {
    Objects.requireNonNull(calls, "calls");
    BatchRecorder recorder = new BatchRecorder();
    calls.accept(EntityProxies.create(entityInterface, recorder));
    return List.copyOf(recorder.operations);
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    operations.add(TestOperation.of(operation.name(), input));
    return PLACEHOLDERS.get(operation.method().getReturnType());
  }

  @Override
  public String toString() {
    return "a batch recorder";
  }
}
