package io.durableentities.core;

import io.durableentities.core.spi.EntityInvoker;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * A minimal JDK-proxy stand-in for the entities-proxy module, used directly by tests (never
 * registered as a service, so the missing-module error stays testable).
 */
final class JdkTestProxies {

  private JdkTestProxies() {}

  static <T> T create(Class<T> entityInterface, EntityInvoker invoker) {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(entityInterface);
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> proxy == arguments[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "proxy for " + entityInterface.getSimpleName();
            };
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, arguments);
          }
          OperationMetadata operation = metadata.operation(method);
          return invoker.invoke(operation, operation.inputOf(arguments));
        };
    return entityInterface.cast(
        Proxy.newProxyInstance(
            entityInterface.getClassLoader(), new Class<?>[] {entityInterface}, handler));
  }
}
