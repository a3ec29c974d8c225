package io.durableentities.benchmarks.proxy;

import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.spi.EntityInvoker;

/** What the generated proxy of {@link Counter} does, written by hand against the SPI. */
final class HandWrittenCounter implements Counter {

  private static final OperationMetadata ADD =
      EntityInterfaceMetadata.of(Counter.class).operation("add");
  private static final OperationMetadata GET =
      EntityInterfaceMetadata.of(Counter.class).operation("get");

  private final EntityInvoker invoker;

  HandWrittenCounter(EntityInvoker invoker) {
    this.invoker = invoker;
  }

  @Override
  public void add(long amount) {
    invoker.invoke(ADD, amount);
  }

  @Override
  public long get() {
    Object result = invoker.invoke(GET, null);
    if (result == null) {
      throw new EntityException("Counter.get() returned null");
    }
    return ((Number) result).longValue();
  }
}
