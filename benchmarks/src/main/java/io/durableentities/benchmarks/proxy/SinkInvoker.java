package io.durableentities.benchmarks.proxy;

import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;

/** An invoker that keeps the last (operation, input) in fields and answers a fixed result. */
final class SinkInvoker implements EntityInvoker {

  OperationMetadata operation;
  Object input;
  private final Object result;

  SinkInvoker(Object result) {
    this.result = result;
  }

  @Override
  public Object invoke(OperationMetadata operation, Object input) {
    this.operation = operation;
    this.input = input;
    return result;
  }
}
