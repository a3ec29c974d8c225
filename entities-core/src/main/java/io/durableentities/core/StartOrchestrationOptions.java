package io.durableentities.core;

import java.time.Instant;

/**
 * How {@link EntityContext#startOrchestration(String, Object, StartOrchestrationOptions)} starts an
 * orchestration: its instance id, when it starts and its version.
 *
 * <pre>{@code
 * context.startOrchestration("Audit", entry,
 *     StartOrchestrationOptions.newBuilder().instanceId("audit-" + id).version("2.0").build());
 * }</pre>
 *
 * <p>By default the orchestration gets a new random id, starts when the operation succeeds, and has
 * the default version of the worker running the entity (the {@code defaultVersion} of an {@code
 * OrchestrationWorker}'s versioning, in {@code orchestration-bridge}), or none.
 */
public final class StartOrchestrationOptions {

  private static final StartOrchestrationOptions DEFAULT = newBuilder().build();

  private final String instanceId;
  private final Instant startAt;
  private final String version;

  private StartOrchestrationOptions(Builder builder) {
    this.instanceId = builder.instanceId;
    this.startAt = builder.startAt;
    this.version = builder.version;
  }

  /**
   * Returns the defaults: a random id, now, the worker's default version.
   *
   * @return the default options
   */
  public static StartOrchestrationOptions defaults() {
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
   * Returns the instance id.
   *
   * @return the id, or null for a random UUID without dashes
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Returns the earliest start time.
   *
   * @return the time, or null for now
   */
  public Instant startAt() {
    return startAt;
  }

  /**
   * Returns the version of the orchestration.
   *
   * @return the version, or null for the worker's default version
   */
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return "StartOrchestrationOptions[instanceId="
        + instanceId
        + ", startAt="
        + startAt
        + ", version="
        + version
        + "]";
  }

  /** Builds {@link StartOrchestrationOptions}. */
  public static final class Builder {

    private String instanceId;
    private Instant startAt;
    private String version;

    private Builder() {}

    /**
     * Sets the instance id.
     *
     * @param instanceId the id; not blank and not starting with {@code @} (reserved for entities);
     *     null for a random one
     * @return this builder
     */
    public Builder instanceId(String instanceId) {
      this.instanceId = instanceId;
      return this;
    }

    /**
     * Sets the earliest start time.
     *
     * @param startAt the time, or null for now
     * @return this builder
     */
    public Builder startAt(Instant startAt) {
      this.startAt = startAt;
      return this;
    }

    /**
     * Sets the version of the orchestration.
     *
     * @param version the version, or null for the worker's default version
     * @return this builder
     * @throws IllegalArgumentException if the version is blank
     */
    public Builder version(String version) {
      if (version != null && version.isBlank()) {
        throw new IllegalArgumentException(
            "The version must not be blank; pass null for the worker's default version");
      }
      this.version = version;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public StartOrchestrationOptions build() {
      return new StartOrchestrationOptions(this);
    }
  }
}
