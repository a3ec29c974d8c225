package io.durableentities.core;

import java.util.Objects;

/**
 * One operation of a batch run by {@link EntityTester#runBatch}.
 *
 * @param operation the operation name
 * @param input the input object (serialized by the tester), or null
 */
public record TestOperation(String operation, Object input) {

  /**
   * Validates the components.
   *
   * @param operation the operation name, not null
   * @param input the input, nullable
   */
  public TestOperation {
    Objects.requireNonNull(operation, "operation");
  }

  /**
   * An operation without input.
   *
   * @param operation the operation name
   * @return the test operation
   */
  public static TestOperation of(String operation) {
    return new TestOperation(operation, null);
  }

  /**
   * An operation with an input.
   *
   * @param operation the operation name
   * @param input the input object, or null
   * @return the test operation
   */
  public static TestOperation of(String operation, Object input) {
    return new TestOperation(operation, input);
  }
}
