package io.durableentities.orchestration;

import io.durableentities.core.FailureDetails;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How an activity or sub-orchestration is retried when it fails. Retries are durable and
 * deterministic: after a failed attempt the orchestration creates a durable timer and schedules the
 * task again when it fires, all recorded in history.
 *
 * <p>The delay after failed attempt {@code n} (1-based) is {@code firstInterval *
 * backoffCoefficient^(n-1)}, capped at {@code maxInterval}. Retrying stops when {@code maxAttempts}
 * attempts have failed, when the next attempt would start after {@code retryTimeout} (measured from
 * the first attempt, on the orchestration clock), or when {@code handle} rejects the failure; the
 * task then fails with the last attempt's {@link TaskFailedException}.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.newBuilder()
 *     .maxAttempts(5)
 *     .firstInterval(Duration.ofSeconds(1))
 *     .backoffCoefficient(2.0)
 *     .maxInterval(Duration.ofMinutes(1))
 *     .handle(failure -> !failure.isCausedBy(IllegalArgumentException.class))
 *     .build();
 * ctx.callActivity("Charge", order, Receipt.class, TaskOptions.withRetryPolicy(policy));
 * }</pre>
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final Duration firstInterval;
  private final double backoffCoefficient;
  private final Duration maxInterval;
  private final Duration retryTimeout;
  private final Predicate<FailureDetails> handle;

  private RetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.firstInterval = builder.firstInterval;
    this.backoffCoefficient = builder.backoffCoefficient;
    this.maxInterval = builder.maxInterval;
    this.retryTimeout = builder.retryTimeout;
    this.handle = builder.handle;
  }

  /**
   * Starts a builder; {@code maxAttempts} and {@code firstInterval} are required.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this policy's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.maxAttempts = maxAttempts;
    builder.firstInterval = firstInterval;
    builder.backoffCoefficient = backoffCoefficient;
    builder.maxInterval = maxInterval;
    builder.retryTimeout = retryTimeout;
    builder.handle = handle;
    return builder;
  }

  /**
   * Returns the maximum number of attempts, the first one included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the delay after the first failed attempt.
   *
   * @return a positive duration
   */
  public Duration firstInterval() {
    return firstInterval;
  }

  /**
   * Returns the factor by which each delay grows.
   *
   * @return at least 1.0
   */
  public double backoffCoefficient() {
    return backoffCoefficient;
  }

  /**
   * Returns the longest delay between attempts.
   *
   * @return the cap, or null for none
   */
  public Duration maxInterval() {
    return maxInterval;
  }

  /**
   * Returns how long after the first attempt retries may still start.
   *
   * @return the overall timeout, or null for none
   */
  public Duration retryTimeout() {
    return retryTimeout;
  }

  /**
   * Tells whether a failure may be retried, according to {@link Builder#handle}.
   *
   * @param failure the failure of the last attempt
   * @return whether to retry it (attempt and time limits aside)
   */
  public boolean handles(FailureDetails failure) {
    return handle.test(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Returns the delay before the next attempt, after failed attempt {@code attempt}.
   *
   * @param attempt the number of the attempt that failed, from 1
   * @return {@code firstInterval * backoffCoefficient^(attempt-1)}, capped at {@code maxInterval}
   */
  public Duration delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    double millis = firstInterval.toMillis() * Math.pow(backoffCoefficient, attempt - 1);
    long cap = maxInterval == null ? Long.MAX_VALUE : maxInterval.toMillis();
    return Duration.ofMillis(millis >= cap ? cap : (long) millis);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", firstInterval="
        + firstInterval
        + ", backoffCoefficient="
        + backoffCoefficient
        + ", maxInterval="
        + maxInterval
        + ", retryTimeout="
        + retryTimeout
        + "]";
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} validates the settings. */
  public static final class Builder {

    private int maxAttempts;
    private Duration firstInterval;
    private double backoffCoefficient = 1.0;
    private Duration maxInterval;
    private Duration retryTimeout;
    private Predicate<FailureDetails> handle = failure -> true;

    private Builder() {}

    /**
     * Sets the maximum number of attempts, the first one included (required).
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the delay after the first failed attempt (required).
     *
     * @param firstInterval a positive duration
     * @return this builder
     */
    public Builder firstInterval(Duration firstInterval) {
      this.firstInterval = Objects.requireNonNull(firstInterval, "firstInterval");
      return this;
    }

    /**
     * Sets the factor by which each delay grows; 1.0 (the default) keeps it constant.
     *
     * @param backoffCoefficient at least 1.0
     * @return this builder
     */
    public Builder backoffCoefficient(double backoffCoefficient) {
      this.backoffCoefficient = backoffCoefficient;
      return this;
    }

    /**
     * Caps the delay between attempts; by default there is no cap.
     *
     * @param maxInterval a positive duration, or null for none
     * @return this builder
     */
    public Builder maxInterval(Duration maxInterval) {
      this.maxInterval = maxInterval;
      return this;
    }

    /**
     * Limits how long after the first attempt retries may start; by default there is no limit.
     *
     * @param retryTimeout a positive duration, or null for none
     * @return this builder
     */
    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = retryTimeout;
      return this;
    }

    /**
     * Retries only failures the predicate accepts; by default every failure is retried. The
     * predicate runs on the orchestration thread during replay, so it must be deterministic.
     *
     * @param handle tells whether a failure may be retried
     * @return this builder
     */
    public Builder handle(Predicate<FailureDetails> handle) {
      this.handle = Objects.requireNonNull(handle, "handle");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a setting is missing or out of range
     */
    public RetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            "RetryPolicy.maxAttempts must be at least 1 (the first attempt counts), was "
                + maxAttempts);
      }
      requirePositive(firstInterval, "firstInterval", true);
      if (!(backoffCoefficient >= 1.0)) {
        throw new IllegalArgumentException(
            "RetryPolicy.backoffCoefficient must be at least 1.0, was " + backoffCoefficient);
      }
      requirePositive(maxInterval, "maxInterval", false);
      requirePositive(retryTimeout, "retryTimeout", false);
      if (maxInterval != null && maxInterval.compareTo(firstInterval) < 0) {
        throw new IllegalArgumentException(
            "RetryPolicy.maxInterval ("
                + maxInterval
                + ") is shorter than firstInterval ("
                + firstInterval
                + ")");
      }
      return new RetryPolicy(this);
    }

    private static void requirePositive(Duration value, String name, boolean required) {
      if (value == null) {
        if (required) {
          throw new IllegalArgumentException(
              "RetryPolicy." + name + " is required; set it with ." + name + "(Duration)");
        }
        return;
      }
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "RetryPolicy." + name + " must be positive, was " + value);
      }
    }
  }
}
