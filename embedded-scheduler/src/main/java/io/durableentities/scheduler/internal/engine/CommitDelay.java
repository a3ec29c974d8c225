package io.durableentities.scheduler.internal.engine;

/**
 * When the group-commit writer waits for more work before committing, in the manner of PostgreSQL's
 * {@code commit_delay} and {@code commit_siblings}: only when other writers are active, that is
 * when the group it took from the queue, or the group before it, held at least {@link #siblings}
 * pieces of work (callers answered by the previous commit tend to come back within a moment, so the
 * queue alone underestimates them), and then for at most {@link #delayNanos}, so that concurrent
 * writers share one fsync and one write of each touched page. A lone caller (a sequential client, a
 * signal arriving with the completion of the previous one) never waits.
 *
 * @param delayNanos the longest wait for more work; 0 turns the delay off
 * @param siblings the group size from which the writer waits (at least 2)
 */
record CommitDelay(long delayNanos, int siblings) {

  /** The writer's default: wait up to 5 ms once a group holds 4 pieces of work. */
  static final CommitDelay DEFAULT = new CommitDelay(5_000_000, 4);

  /** No delay ever. */
  static final CommitDelay NONE = new CommitDelay(0, Integer.MAX_VALUE);

  CommitDelay {
    if (delayNanos < 0 || siblings < 2) {
      throw new IllegalArgumentException(
          "commit delay must be >= 0 and siblings >= 2, were " + delayNanos + ", " + siblings);
    }
  }

  /**
   * How long to wait for more work before committing a group of {@code groupSize} pieces, the
   * previous group having held {@code previousGroupSize}.
   */
  long delayFor(int groupSize, int previousGroupSize) {
    return Math.max(groupSize, previousGroupSize) >= siblings ? delayNanos : 0;
  }
}
