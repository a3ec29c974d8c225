package io.durableentities.samples.counters;

import io.durableentities.core.TaskEntity;

// docs:start counter-entity
/** The {@code counter} entity: its state is a {@code long}, 0 when new. */
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
// docs:end counter-entity
