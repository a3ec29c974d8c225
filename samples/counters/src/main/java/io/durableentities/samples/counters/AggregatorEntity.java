package io.durableentities.samples.counters;

import io.durableentities.core.TaskEntity;

/**
 * The {@code aggregator} entity. Its operations run one at a time, so readings signalled
 * concurrently by many senders are all counted, none twice.
 */
public final class AggregatorEntity extends TaskEntity<Summary> implements Aggregator {

  @Override
  protected Summary initialState() {
    return Summary.EMPTY;
  }

  @Override
  public void report(long reading) {
    state = state.with(reading);
  }

  @Override
  public Summary summary() {
    return state;
  }

  @Override
  public void reset() {
    state = Summary.EMPTY;
  }
}
