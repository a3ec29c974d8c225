package io.durableentities.orchestration.internal;

import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import io.durableentities.core.spi.EntityProxyFactory;
import io.durableentities.core.spi.RecordedCall;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A JDK-proxy stand-in for the entities-proxy module, registered for this module's tests only
 * (META-INF/services in src/test/resources), so typed access is tested without ByteBuddy.
 */
public final class JdkEntityProxyFactory implements EntityProxyFactory {

  private static final Map<Class<?>, Object> ZEROS =
      Map.of(
          long.class,
          0L,
          int.class,
          0,
          boolean.class,
          false,
          double.class,
          0.0,
          short.class,
          (short) 0,
          byte.class,
          (byte) 0,
          char.class,
          (char) 0,
          float.class,
          0f);

  @Override
  public <T> T createProxy(Class<T> entityInterface, EntityInvoker invoker) {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(entityInterface);
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == arguments[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> entityInterface.getSimpleName() + " proxy for " + invoker.target();
            };
          }
          OperationMetadata operation = metadata.operation(method);
          Object result = invoker.invoke(operation, operation.inputOf(arguments));
          return result == null ? ZEROS.get(method.getReturnType()) : result;
        };
    return entityInterface.cast(
        Proxy.newProxyInstance(
            entityInterface.getClassLoader(), new Class<?>[] {entityInterface}, handler));
  }

  @Override
  public <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call) {
    List<RecordedCall> calls = new ArrayList<>();
    T recorder =
        createProxy(
            entityInterface,
            (operation, input) -> {
              calls.add(new RecordedCall(operation, input));
              return null;
            });
    call.accept(recorder);
    if (calls.size() != 1) {
      throw new EntityException("Expected exactly one operation call, got " + calls.size());
    }
    return calls.get(0);
  }
}
