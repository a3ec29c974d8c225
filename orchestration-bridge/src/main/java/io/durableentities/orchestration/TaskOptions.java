package io.durableentities.orchestration;

import java.util.Objects;

/**
 * Options for scheduling an activity or sub-orchestration; today, its {@link RetryPolicy}.
 *
 * <pre>{@code
 * TaskOptions options = TaskOptions.withRetryPolicy(
 *     RetryPolicy.newBuilder().maxAttempts(3).firstInterval(Duration.ofSeconds(5)).build());
 * }</pre>
 */
public final class TaskOptions {

  private static final TaskOptions DEFAULT = new TaskOptions(null);

  private final RetryPolicy retryPolicy;

  private TaskOptions(RetryPolicy retryPolicy) {
    this.retryPolicy = retryPolicy;
  }

  /**
   * Returns the options with no retry policy.
   *
   * @return the default options
   */
  public static TaskOptions defaults() {
    return DEFAULT;
  }

  /**
   * Returns options with a retry policy.
   *
   * @param retryPolicy the retry policy
   * @return the options
   */
  public static TaskOptions withRetryPolicy(RetryPolicy retryPolicy) {
    return newBuilder().retryPolicy(Objects.requireNonNull(retryPolicy, "retryPolicy")).build();
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder initialised with these options.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder().retryPolicy(retryPolicy);
  }

  /**
   * Returns the retry policy.
   *
   * @return the retry policy, or null when failures are not retried
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  @Override
  public String toString() {
    return "TaskOptions[retryPolicy=" + retryPolicy + "]";
  }

  /** Builds {@link TaskOptions}. */
  public static final class Builder {

    private RetryPolicy retryPolicy;

    private Builder() {}

    /**
     * Sets the retry policy.
     *
     * @param retryPolicy the policy, or null for no retries
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public TaskOptions build() {
      return new TaskOptions(retryPolicy);
    }
  }
}
