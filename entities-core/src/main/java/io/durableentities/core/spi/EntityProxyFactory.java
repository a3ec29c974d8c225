package io.durableentities.core.spi;

import java.util.function.Consumer;

/**
 * Creates typed entity proxies. Implementations are found with {@link java.util.ServiceLoader}
 * (register them in {@code META-INF/services/io.durableentities.core.spi.EntityProxyFactory}); the
 * {@code io.durableentities:entities-proxy} module provides one. Application code uses {@link
 * io.durableentities.core.EntityProxies} instead of this interface.
 *
 * <p>Implementations must be thread-safe, use {@link
 * io.durableentities.core.EntityInterfaceMetadata} to map methods to operations, run default
 * methods locally, and answer {@code Object} methods ({@code toString}, {@code equals}, {@code
 * hashCode}) without calling the invoker.
 */
public interface EntityProxyFactory {

  /**
   * Creates a proxy that hands every operation call to an invoker.
   *
   * @param entityInterface the entity interface
   * @param invoker receives the calls
   * @param <T> the interface type
   * @return the proxy
   */
  <T> T createProxy(Class<T> entityInterface, EntityInvoker invoker);

  /**
   * Records the single operation call a lambda or method reference makes on a proxy.
   *
   * @param entityInterface the entity interface
   * @param call makes exactly one operation call on the proxy it receives
   * @param <T> the interface type
   * @return the recorded call
   * @throws io.durableentities.core.EntityException if the lambda makes no call or more than one
   */
  <T> RecordedCall record(Class<T> entityInterface, Consumer<? super T> call);
}
