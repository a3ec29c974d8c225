package io.durableentities.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries calls that failed because the scheduler was unavailable or did not answer
 * in time: up to {@link #maxAttempts()} attempts, waiting a random time (full jitter) up to an
 * exponentially growing bound between them. A signal keeps its request id across attempts, so the
 * scheduler applies it once.
 *
 * <pre>{@code
 * ClientRetryPolicy policy = ClientRetryPolicy.newBuilder().maxAttempts(10).maxDelay(Duration.ofSeconds(2)).build();
 * }</pre>
 */
public final class ClientRetryPolicy {

  private static final ClientRetryPolicy DEFAULTS = newBuilder().build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;

  private ClientRetryPolicy(Builder builder) {
    this.maxAttempts = builder.maxAttempts;
    this.initialDelay = builder.initialDelay;
    this.maxDelay = builder.maxDelay;
  }

  /**
   * Returns the default policy: 5 attempts, delays from 100 ms growing to at most 5 s.
   *
   * @return the default policy
   */
  public static ClientRetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a policy that never retries.
   *
   * @return a one-attempt policy
   */
  public static ClientRetryPolicy none() {
    return newBuilder().maxAttempts(1).build();
  }

  /**
   * Returns a builder with the default settings.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with this policy's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder().maxAttempts(maxAttempts).initialDelay(initialDelay).maxDelay(maxDelay);
  }

  /**
   * Returns the number of attempts, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the bound of the first delay; it doubles after each attempt.
   *
   * @return the initial delay bound
   */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Returns the largest delay bound.
   *
   * @return the largest delay
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  @Override
  public String toString() {
    return "ClientRetryPolicy{maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + "}";
  }

  /** Builds a {@link ClientRetryPolicy}. */
  public static final class Builder {

    private int maxAttempts = 5;
    private Duration initialDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Sets the number of attempts, the first included (default 5).
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the bound of the first delay (default 100 ms).
     *
     * @param initialDelay not negative
     * @return this builder
     */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
      return this;
    }

    /**
     * Sets the largest delay bound (default 5 s).
     *
     * @param maxDelay not less than the initial delay
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
      return this;
    }

    /**
     * Validates the settings and builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if maxAttempts is below 1, a delay is negative, or the
     *     largest delay is below the initial one
     */
    public ClientRetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException(
            "ClientRetryPolicy.maxAttempts must be at least 1 (the first attempt), was "
                + maxAttempts);
      }
      if (initialDelay.isNegative() || maxDelay.isNegative()) {
        throw new IllegalArgumentException(
            "ClientRetryPolicy delays must not be negative: initialDelay="
                + initialDelay
                + ", maxDelay="
                + maxDelay);
      }
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "ClientRetryPolicy.maxDelay ("
                + maxDelay
                + ") must not be below initialDelay ("
                + initialDelay
                + ")");
      }
      return new ClientRetryPolicy(this);
    }
  }
}
