package io.durableentities.orchestration;

import io.durableentities.core.internal.OrchestrationStart;
import java.util.Objects;

/**
 * Options for scheduling an activity or sub-orchestration: its {@link RetryPolicy} and, for a
 * sub-orchestration, its version.
 *
 * <pre>{@code
 * TaskOptions options = TaskOptions.withRetryPolicy(
 *     RetryPolicy.newBuilder().maxAttempts(3).firstInterval(Duration.ofSeconds(5)).build());
 * ctx.callSubOrchestration("Ship", order, null, Receipt.class,
 *     TaskOptions.newBuilder().version("2.0").build());
 * }</pre>
 */
public final class TaskOptions {

  private static final TaskOptions DEFAULT = new TaskOptions(null, null);

  private final RetryPolicy retryPolicy;
  private final String version;

  private TaskOptions(RetryPolicy retryPolicy, String version) {
    this.retryPolicy = retryPolicy;
    this.version = version;
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
    return new Builder().retryPolicy(retryPolicy).version(version);
  }

  /**
   * Returns the retry policy.
   *
   * @return the retry policy, or null when failures are not retried
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * Returns the version of the sub-orchestration these options start.
   *
   * @return the version, or null for the worker's default version ({@link
   *     OrchestrationVersioning#defaultVersion()}), if any
   */
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "TaskOptions[retryPolicy=" + retryPolicy + ", version=" + version + "]";
  }

  /** Builds {@link TaskOptions}. */
  public static final class Builder {

    private RetryPolicy retryPolicy;
    private String version;

    private Builder() {}

    /**
     * Sets the version of the sub-orchestration these options start; an activity call with a
     * version is rejected, since activities have none.
     *
     * @param version the version, or null for the worker's default version
     * @return this builder
     * @throws IllegalArgumentException if the version is blank
     */
    public Builder version(String version) {
      this.version = OrchestrationStart.checkVersion(version, "the worker's default version");
      return this;
    }

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
      return new TaskOptions(retryPolicy, version);
    }
  }
}
