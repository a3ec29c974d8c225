package io.durableentities.core;

import io.durableentities.core.internal.OrchestrationStart;
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

  private final OrchestrationStart start;

  private StartOrchestrationOptions(OrchestrationStart start) {
    this.start = start;
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
    return start.instanceId();
  }

  /**
   * Returns the earliest start time.
   *
   * @return the time, or null for now
   */
  public Instant startAt() {
    return start.startAt();
  }

  /**
   * Returns the version of the orchestration.
   *
   * @return the version, or null for the worker's default version
   */
  public String version() {
    return start.version();
  }

  @Override
  public String toString() {
    return start.describe("StartOrchestrationOptions");
  }

  /** Builds {@link StartOrchestrationOptions}. */
  public static final class Builder {

    private OrchestrationStart start = OrchestrationStart.DEFAULTS;

    private Builder() {}

    /**
     * Sets the instance id.
     *
     * @param instanceId the id; not blank and not starting with {@code @} (reserved for entities);
     *     null for a random one
     * @return this builder
     */
    public Builder instanceId(String instanceId) {
      start = start.withInstanceId(instanceId);
      return this;
    }

    /**
     * Sets the earliest start time.
     *
     * @param startAt the time, or null for now
     * @return this builder
     */
    public Builder startAt(Instant startAt) {
      start = start.withStartAt(startAt);
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
      start = start.withVersion(version, "the worker's default version");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public StartOrchestrationOptions build() {
      return new StartOrchestrationOptions(start);
    }
  }
}
