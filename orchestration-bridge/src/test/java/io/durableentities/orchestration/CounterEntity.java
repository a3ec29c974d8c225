package io.durableentities.orchestration;

import io.durableentities.core.TaskEntity;

/** A counter; its entity name is {@code counter}. */
public final class CounterEntity extends TaskEntity<Long> implements Counter {
  @Override
  public void add(long amount) {
    state += amount;
  }

  @Override
  public void reset() {
    state = 0L;
  }

  @Override
  public long get() {
    return state;
  }
}
