package io.durableentities.proxy.internal;

import io.durableentities.core.EntityException;
import io.durableentities.core.spi.EntityInvoker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A generated proxy class and its constructor.
 *
 * @param proxyClass the class
 * @param constructor {@code (EntityInvoker) -> Object}
 */
record ProxyType(Class<?> proxyClass, MethodHandle constructor) {

  /**
   * Finds the constructor of a generated class.
   *
   * @param proxyClass the class, public, with a public constructor taking the invoker
   * @return the class and its constructor
   */
  static ProxyType of(Class<?> proxyClass) {
    MethodType type = MethodType.methodType(void.class, EntityInvoker.class);
    MethodHandle constructor;
    try {
      MethodHandles.Lookup lookup;
      try {
        lookup = MethodHandles.privateLookupIn(proxyClass, MethodHandles.lookup());
      } catch (IllegalAccessException e) {
        lookup = MethodHandles.publicLookup();
      }
      constructor = lookup.findConstructor(proxyClass, type);
    } catch (ReflectiveOperationException e) {
      throw new EntityException("Could not find the constructor of " + proxyClass.getName(), e);
    }
    return new ProxyType(
        proxyClass, constructor.asType(MethodType.methodType(Object.class, EntityInvoker.class)));
  }

  /**
   * Creates a proxy.
   *
   * @param invoker receives the calls, not null
   * @return the proxy
   */
  Object newInstance(EntityInvoker invoker) {
    try {
      return (Object) constructor.invokeExact(invoker);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new EntityException("Could not create a proxy of " + proxyClass.getName(), e);
    }
  }
}
