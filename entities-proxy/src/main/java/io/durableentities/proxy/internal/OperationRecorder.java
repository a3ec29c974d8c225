package io.durableentities.proxy.internal;

import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.RecordedCall;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records the single operation call a lambda or method reference makes, such as {@code
 * Account::balance} or {@code a -> a.deposit(5)}: the lambda runs against an ordinary proxy whose
 * invoker remembers the call and answers the result type's default value (null, 0 or false).
 *
 * <p>The lambda must make exactly one operation call: none, or a second one (also from a default
 * method that calls two operations), is an error, and so is using the proxy after recording ended.
 */
final class OperationRecorder implements EntityInvoker {

  private final Class<?> entityInterface;
  private OperationMetadata operation;
  private Object input;
  private EntityException failure;
  private boolean done;

  private OperationRecorder(Class<?> entityInterface) {
    this.entityInterface = entityInterface;
  }

  /**
   * Runs a lambda against a recording proxy.
   *
   * @param entityInterface the interface
   * @param call makes exactly one operation call
   * @param <T> the interface type
   * @return the recorded call
   * @throws EntityException if the lambda calls no operation or more than one
   */
  static <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    Objects.requireNonNull(call, "call");
    OperationRecorder recorder = new OperationRecorder(entityInterface);
    T proxy = entityInterface.cast(ProxyClasses.of(entityInterface).newInstance(recorder));
    try {
      call.accept(proxy);
    } finally {
      recorder.done = true;
    }
    if (recorder.failure != null) {
      throw recorder.failure;
    }
    if (recorder.operation == null) {
      throw new EntityException(
          "The lambda must call exactly one method of "
              + entityInterface.getSimpleName()
              + ", but it called none (equals, hashCode, toString and default methods that call"
              + " no operation do not count); pass a method reference such as "
              + example(entityInterface)
              + " or a lambda that calls one operation");
    }
    return new RecordedCall(recorder.operation, recorder.input);
  }

  @Override
  public Object invoke(OperationMetadata called, Object argument) {
    if (done) {
      throw new EntityException(
          "A recording proxy of "
              + entityInterface.getSimpleName()
              + " was called after recording ended ("
              + called.describeMethod()
              + "); call operations only inside the lambda passed to record(...), and create a"
              + " real proxy for other calls");
    }
    if (failure != null) {
      throw failure;
    }
    if (operation != null) {
      failure =
          new EntityException(
              "The lambda must call exactly one method of "
                  + entityInterface.getSimpleName()
                  + ", but it called "
                  + operation.method().getName()
                  + " and then "
                  + called.method().getName()
                  + "; record each operation with its own lambda");
      throw failure;
    }
    operation = called;
    input = argument;
    return Primitives.defaultValue(called.method().getReturnType());
  }

  @Override
  public String toString() {
    return "a recorder";
  }

  private static String example(Class<?> entityInterface) {
    List<OperationMetadata> operations = EntityInterfaceMetadata.of(entityInterface).operations();
    String method = operations.isEmpty() ? "op" : operations.get(0).method().getName();
    return entityInterface.getSimpleName() + "::" + method;
  }
}
