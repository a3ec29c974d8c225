package io.durableentities.benchmarks.proxy;

import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * The same handler logic as a {@link java.lang.reflect.Proxy}: {@code Method} to operation through
 * a precomputed map, no {@code Method.invoke}.
 */
final class JdkProxies {

  private JdkProxies() {}

  static <T> T create(Class<T> entityInterface, EntityInvoker invoker) {
    Map<Method, OperationMetadata> operations = new HashMap<>();
    for (OperationMetadata operation : EntityInterfaceMetadata.of(entityInterface).operations()) {
      operations.put(operation.method(), operation);
    }
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          OperationMetadata operation = operations.get(method);
          if (operation == null) {
            throw new UnsupportedOperationException(method.toString());
          }
          Object result = invoker.invoke(operation, operation.inputOf(arguments));
          if (result == null
              && method.getReturnType().isPrimitive()
              && method.getReturnType() != void.class) {
            throw new EntityException(method + " returned null");
          }
          return result;
        };
    return entityInterface.cast(
        Proxy.newProxyInstance(
            entityInterface.getClassLoader(), new Class<?>[] {entityInterface}, handler));
  }
}
