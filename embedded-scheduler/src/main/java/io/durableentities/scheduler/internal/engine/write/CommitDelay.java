package io.durableentities.scheduler.internal.engine.write;

/**
 * When the group-commit writer waits for more work before committing, in the manner of PostgreSQL's
 * {@code commit_delay} and {@code commit_siblings}: only when other writers are active, that is
 * when the group it took from the queue, or the group before it, held at least {@link #siblings}
 * pieces of work (callers answered by the previous commit tend to come back within a moment, so the
 * queue alone underestimates them), and then for at most {@link #delayNanos}, so that concurrent
 * writers share one fsync and one write of each touched page (the writer runs the work it takes
 * while it waits). A lone caller (a sequential client, a signal arriving with the completion of the
 * previous one) never waits.
 *
 * <p>The wait also ends as soon as {@link #idleNanos} pass without new work, so it lasts only while
 * work keeps arriving. Group sizes are counted as taken from the queue, before any wait, so that a
 * wait cannot feed itself.
 *
 * @param delayNanos the longest wait for more work; 0 turns the delay off
 * @param siblings the group size from which the writer waits (at least 2)
 * @param idleNanos how long without new work ends the wait (positive)
 */
public record CommitDelay(long delayNanos, int siblings, long idleNanos) {

  /**
   * The writer's default: once a group holds 4 pieces of work, take more for up to 1 ms while work
   * keeps arriving at least every 0.25 ms. About one fsync of such a group on a virtual disk: a
   * longer wait makes a closed loop of callers (each waiting for its acknowledgement before it
   * sends again) slower than the larger groups save, a shorter one writes more bytes per request
   * (see docs/performance.md, (a) and (f)).
   */
  public static final CommitDelay DEFAULT = new CommitDelay(1_000_000, 4, 250_000);

  /** No delay ever. */
  public static final CommitDelay NONE = new CommitDelay(0, Integer.MAX_VALUE, 1);

  public CommitDelay {
    if (delayNanos < 0 || siblings < 2 || idleNanos <= 0) {
      throw new IllegalArgumentException(
          "commit delay must be >= 0, siblings >= 2 and idle time > 0, were "
              + delayNanos
              + ", "
              + siblings
              + ", "
              + idleNanos);
    }
  }

  /**
   * How long to wait for more work before committing a group of {@code groupSize} pieces, the
   * previous group having held {@code previousGroupSize}.
   */
  public long delayFor(int groupSize, int previousGroupSize) {
    return Math.max(groupSize, previousGroupSize) >= siblings ? delayNanos : 0;
  }
}
