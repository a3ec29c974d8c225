package io.durableentities.samples.counters;

import io.durableentities.core.TaskEntity;

/** The {@code counter} entity: its state is a {@code long}. */
public final class CounterEntity extends TaskEntity<Long> implements Counter {

  @Override
  public void add(long amount) {
    state = Math.addExact(state, amount);
  }

  @Override
  public long get() {
    return state;
  }

  @Override
  public void reset() {
    state = 0L;
  }
}
