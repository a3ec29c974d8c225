package io.durableentities.benchmarks.runner;

import io.durableentities.core.TaskEntity;

/** The benchmark counter: counts every applied operation in {@link EntityProbes}. */
public final class CounterEntity extends TaskEntity<Long> implements Counter {

  @Override
  public void add(long amount) {
    state += amount;
    EntityProbes.counterApplied();
  }

  @Override
  public void stamp(long sentAtNanos) {
    state += 1;
    EntityProbes.stampApplied(sentAtNanos);
  }

  @Override
  public long get() {
    return state;
  }
}
