package io.durableentities.core.spi;

import io.durableentities.core.OperationMetadata;
import java.util.Objects;

/**
 * One call recorded from a method reference or lambda on an entity interface, such as {@code
 * account -> account.deposit(5)}: the operation and its input.
 *
 * @param operation the operation called
 * @param input the input argument, or null when there is none
 */
public record RecordedCall(OperationMetadata operation, Object input) {

  /**
   * Validates the components.
   *
   * @param operation the operation, not null
   * @param input the input, nullable
   */
  public RecordedCall {
    Objects.requireNonNull(operation, "operation");
  }
}
