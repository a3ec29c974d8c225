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
}
