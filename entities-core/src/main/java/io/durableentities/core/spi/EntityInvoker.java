package io.durableentities.core.spi;

import io.durableentities.core.OperationMetadata;

/**
 * Receives the calls made on a typed entity proxy: the operation and its input. It is what each
 * proxy flavour (client signal, orchestration call, entity-to-entity signal, in-memory tester)
 * plugs in.
 */
@FunctionalInterface
public interface EntityInvoker {

  /**
   * Performs one operation call made through a proxy.
   *
   * @param operation the operation called
   * @param input the input argument, or null when the operation takes none (or null was passed)
   * @return the result, already of {@link OperationMetadata#resultType()}; null for none
   */
  Object invoke(OperationMetadata operation, Object input);

  /**
   * Returns the identity of what this invoker reaches, such as the entity id. Proxies use it for
   * {@code equals}, {@code hashCode} and {@code toString}: two proxies of the same interface are
   * equal when their invokers' targets are equal, and a proxy prints as <code>Account proxy for
   * &#64;account&#64;a1</code>. Invokers that reach an entity should return its {@link
   * io.durableentities.core.EntityInstanceId}, so that two proxies for the same entity are equal.
   *
   * @return the target, with value {@code equals} and {@code hashCode}; by default this invoker
   *     itself, so proxies are equal only when they share the invoker
   */
  default Object target() {
    return this;
  }
}
