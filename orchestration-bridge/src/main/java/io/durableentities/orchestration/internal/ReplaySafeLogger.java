package io.durableentities.orchestration.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.NOPLoggingEventBuilder;

/** An SLF4J {@link Logger} that drops all output while the orchestration replays. */
final class ReplaySafeLogger {

  private static final Set<String> LOG_METHODS = Set.of("trace", "debug", "info", "warn", "error");

  private ReplaySafeLogger() {}

  static Logger wrap(Logger delegate, BooleanSupplier replaying) {
    InvocationHandler handler =
        (proxy, method, arguments) -> {
          String name = method.getName();
          if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
              case "equals" -> proxy == arguments[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "ReplaySafeLogger[" + delegate.getName() + "]";
            };
          }
          if (replaying.getAsBoolean()) {
            if (LOG_METHODS.contains(name)) {
              return null;
            }
            if (name.startsWith("is") && name.endsWith("Enabled")) {
              return false;
            }
            if (name.startsWith("at") || name.equals("makeLoggingEventBuilder")) {
              return NOPLoggingEventBuilder.singleton();
            }
          }
          try {
            return method.invoke(delegate, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Logger)
        Proxy.newProxyInstance(
            Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, handler);
  }
}
