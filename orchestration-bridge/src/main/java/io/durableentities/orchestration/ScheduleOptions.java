package io.durableentities.orchestration;

import io.durableentities.core.internal.OrchestrationStart;
import java.time.Instant;
import java.util.Optional;

/**
 * How {@link OrchestrationClient#scheduleNew(String, Object, ScheduleOptions)} starts an instance:
 * its id, when it starts and its version.
 *
 * <pre>{@code
 * String id = client.scheduleNew("Checkout", order,
 *     ScheduleOptions.newBuilder().instanceId("order-42").version("2.0").build());
 * }</pre>
 *
 * <p>By default the instance gets a new random id, starts now, and has the client's default version
 * ({@link OrchestrationClient#withDefaultVersion}), or none. The version is stored with the
 * instance ({@link OrchestrationMetadata#version()}), visible to its code ({@link
 * OrchestrationContext#version()}) and matched by versioned workers ({@link
 * OrchestrationVersioning}).
 */
public final class ScheduleOptions {

  private static final ScheduleOptions DEFAULT = newBuilder().build();

  private final OrchestrationStart start;

  private ScheduleOptions(OrchestrationStart start) {
    this.start = start;
  }

  /**
   * Returns the defaults: a random id, now, the client's default version.
   *
   * @return the default options
   */
  public static ScheduleOptions defaults() {
    return DEFAULT;
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these options.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.start = start;
    return b;
  }

  /**
   * Returns the instance id.
   *
   * @return the id, or empty for a new random one
   */
  public Optional<String> instanceId() {
    return Optional.ofNullable(start.instanceId());
  }

  /**
   * Returns when the instance starts.
   *
   * @return the time, or empty for now
   */
  public Optional<Instant> startAt() {
    return Optional.ofNullable(start.startAt());
  }

  /**
   * Returns the instance's version.
   *
   * @return the version, or empty for the client's default version
   */
  public Optional<String> version() {
    return Optional.ofNullable(start.version());
  }

  @Override
  public String toString() {
    return start.describe("ScheduleOptions");
  }

  /** Builds {@link ScheduleOptions}. */
  public static final class Builder {

    private OrchestrationStart start = OrchestrationStart.DEFAULTS;

    private Builder() {}

    /**
     * Sets the instance id.
     *
     * @param instanceId the id, or null for a new random one
     * @return this builder
     * @throws IllegalArgumentException if the id is blank
     */
    public Builder instanceId(String instanceId) {
      start = start.withInstanceId(OrchestrationStart.checkInstanceId(instanceId));
      return this;
    }

    /**
     * Sets when the instance starts.
     *
     * @param startAt the time, or null for now
     * @return this builder
     */
    public Builder startAt(Instant startAt) {
      start = start.withStartAt(startAt);
      return this;
    }

    /**
     * Sets the instance's version.
     *
     * @param version the version, or null for the client's default version
     * @return this builder
     * @throws IllegalArgumentException if the version is blank
     */
    public Builder version(String version) {
      start = start.withVersion(version, "the client's default version");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ScheduleOptions build() {
      return new ScheduleOptions(start);
    }
  }
}
