package io.durableentities.proxy.internal;

import io.durableentities.core.EntityException;
import net.bytebuddy.TypeCache;

/**
 * The generated proxy classes: one per entity interface, made once even when many threads ask for
 * it at the same time, and never keeping a class loader alive.
 *
 * <p>Two levels: a {@link ClassValue} on the interface answers repeated requests without a lookup
 * (its value lives in the interface's {@code Class} object, so it dies with the interface); the
 * ByteBuddy {@link TypeCache} keyed by the interface's class loader (weakly) and the interface name
 * makes sure a class is generated only once per loader: generation runs under one lock, and threads
 * that lost the race find the winner's class. Its values are weak: a class injected into the
 * interface's loader lives as long as that loader anyway, and one in a loader of its own is held by
 * the {@code ClassValue} as long as the interface lives.
 */
final class ProxyClasses {

  private static final TypeCache<String> CACHE =
      new TypeCache.WithInlineExpunction<>(TypeCache.Sort.WEAK);
  private static final Object LOCK = new Object();

  private static final ClassValue<ProxyType> TYPES =
      new ClassValue<>() {
        @Override
        protected ProxyType computeValue(Class<?> entityInterface) {
          ProxyClassGenerator generator = ProxyClassGenerator.plan(entityInterface);
          try {
            return ProxyType.of(
                CACHE.findOrInsert(
                    generator.classLoader(), entityInterface.getName(), generator::generate, LOCK));
          } catch (IllegalArgumentException e) {
            // TypeCache wraps what generation throws
            if (e.getCause() instanceof RuntimeException cause) {
              throw cause;
            }
            if (e.getCause() instanceof Error error) {
              throw error;
            }
            throw e;
          }
        }
      };

  private ProxyClasses() {}

  /**
   * Returns the proxy class of an interface, generating it on first use.
   *
   * @param entityInterface the interface
   * @return the class and its constructor
   * @throws io.durableentities.core.InvalidEntityInterfaceException if no proxy can be made
   * @throws EntityException if generation fails
   */
  static ProxyType of(Class<?> entityInterface) {
    return TYPES.get(entityInterface);
  }
}
