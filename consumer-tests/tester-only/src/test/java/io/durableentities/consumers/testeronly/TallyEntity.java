package io.durableentities.consumers.testeronly;

import io.durableentities.core.TaskEntity;

/** A consumer's entity. */
public final class TallyEntity extends TaskEntity<Long> implements Tally {

  @Override
  public void add(long amount) {
    state += amount;
  }

  @Override
  public long total() {
    return state;
  }
}
