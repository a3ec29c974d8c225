package io.durableentities.client.internal.grpc;

import io.grpc.Status;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delays between a worker's attempts to reconnect its work-item stream ({@link Backoff}:
 * exponential, with full jitter), started again once a work item arrives, and their log: a warning
 * when the cause changes, a debug line while it repeats. Thread-safe.
 */
final class ReconnectDelays {

  /** The worker's logger: these lines were always the worker runtime's. */
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRuntime.class);

  private final Backoff backoff;
  private final URI endpoint;
  private volatile String lastCause;

  /**
   * Creates the delays of one worker.
   *
   * @param initial the first delay bound
   * @param max the largest delay bound
   * @param endpoint the scheduler's endpoint, for the log
   */
  ReconnectDelays(Duration initial, Duration max, URI endpoint) {
    this.backoff = new Backoff(initial, max);
    this.endpoint = endpoint;
  }

  /**
   * Returns the delay before the next attempt, and logs the failure.
   *
   * @param what what failed, such as {@code "Hello failed"}
   * @param status how it failed
   * @return the delay
   */
  Duration next(String what, Status status) {
    String cause = status.getCode() + ": " + status.getDescription();
    Duration delay = backoff.next();
    if (!cause.equals(lastCause)) {
      lastCause = cause;
      LOG.warn(
          "{} ({}); reconnecting to {} with backoff (first retry in {} ms)",
          what,
          Retrier.describe(status),
          endpoint,
          delay.toMillis());
    } else {
      LOG.debug("{} again ({}); retrying in {} ms", what, cause, delay.toMillis());
    }
    return delay;
  }

  /** Starts again from the first delay, and warns of the next failure: the stream works. */
  void reset() {
    lastCause = null;
    backoff.reset();
  }
}
