package io.durableentities.orchestration;

import io.durableentities.client.WorkerExtension;
import io.durableentities.orchestration.internal.CallEntityOrchestration;
import java.util.Objects;

/**
 * Runs the orchestrations and activities of an {@link Orchestrations} registry in a {@link
 * io.durableentities.client.DurableWorker}, beside its entities:
 *
 * <pre>{@code
 * try (DurableWorker worker = DurableWorker.newBuilder(connection)
 *         .entity(AccountEntity.class)
 *         .extension(OrchestrationWorker.of(registry))
 *         .start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Orchestrator and activity work items arrive on the worker's one work-item stream and run on
 * pools of their own, at most {@link #maxConcurrentOrchestrations()} and {@link
 * #maxConcurrentActivities()} at a time; both limits and the registered names (as work-item
 * filters) are sent to the scheduler. Each item is completed with its completion token; an item
 * that cannot run (an exception or {@link Error} escaping the runtime, a missing history, a
 * rejected completion) is abandoned, so the scheduler delivers it again. The worker's {@code
 * close()} lets running items finish up to its shutdown timeout.
 *
 * <p>The worker also runs the built-in orchestration {@code __durableentities.callEntity}, which
 * carries client calls to entities ({@code client.entities().call(...)}). A worker without an
 * {@code OrchestrationWorker} runs that orchestration by itself when this module is on its class
 * path, so register one only for orchestrations and activities of your own.
 */
public final class OrchestrationWorker implements WorkerExtension {

  private final Orchestrations registry;
  private final int maxConcurrentOrchestrations;
  private final int maxConcurrentActivities;
  private final OrchestrationVersioning versioning;

  private OrchestrationWorker(Builder builder) {
    Orchestrations.Builder withBuiltIns = builder.registry.toBuilder();
    if (builder.registry.orchestration(CallEntityOrchestration.NAME).isEmpty()) {
      withBuiltIns.orchestration(CallEntityOrchestration.NAME, new CallEntityOrchestration());
    }
    this.registry = withBuiltIns.build();
    this.maxConcurrentOrchestrations = builder.maxConcurrentOrchestrations;
    this.maxConcurrentActivities = builder.maxConcurrentActivities;
    this.versioning = builder.versioning;
  }

  /**
   * Runs a registry with the default limits.
   *
   * @param registry the orchestrations and activities
   * @return the extension, for {@link io.durableentities.client.DurableWorker.Builder#extension}
   */
  public static OrchestrationWorker of(Orchestrations registry) {
    return newBuilder(registry).build();
  }

  /**
   * Returns a builder for a registry.
   *
   * @param registry the orchestrations and activities
   * @return a builder with the default limits
   */
  public static Builder newBuilder(Orchestrations registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Returns the registry run, the built-in orchestrations included.
   *
   * @return the registry
   */
  public Orchestrations registry() {
    return registry;
  }

  /**
   * Returns how many orchestrator work items run at once.
   *
   * @return the limit
   */
  public int maxConcurrentOrchestrations() {
    return maxConcurrentOrchestrations;
  }

  /**
   * Returns how many activities run at once.
   *
   * @return the limit
   */
  public int maxConcurrentActivities() {
    return maxConcurrentActivities;
  }

  /**
   * Returns which orchestration versions this worker runs and what it does with the others.
   *
   * @return the versioning; {@link OrchestrationVersioning#none()} unless set
   */
  public OrchestrationVersioning versioning() {
    return versioning;
  }

  @Override
  public String toString() {
    return "OrchestrationWorker["
        + registry
        + ", maxConcurrentOrchestrations="
        + maxConcurrentOrchestrations
        + ", maxConcurrentActivities="
        + maxConcurrentActivities
        + ", versioning="
        + versioning
        + "]";
  }

  /**
   * The default of both limits: {@value #DEFAULT_CONCURRENCY_PER_PROCESSOR} per processor. A work
   * item holds its thread until the scheduler has durably committed its completion (a round trip
   * plus a group commit), so a thread mostly waits; with only two per processor, orchestrations of
   * sequential steps were bound by that wait instead of the CPU (scenario (d) of the benchmarks:
   * about 1.5x more work items per second with 8 per processor on 2 cores).
   */
  static final int DEFAULT_CONCURRENCY_PER_PROCESSOR = 8;

  static int defaultConcurrency() {
    return DEFAULT_CONCURRENCY_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
  }

  /** Builds an {@link OrchestrationWorker}. */
  public static final class Builder {

    private final Orchestrations registry;
    private int maxConcurrentOrchestrations = defaultConcurrency();
    private int maxConcurrentActivities = defaultConcurrency();
    private OrchestrationVersioning versioning = OrchestrationVersioning.none();

    private Builder(Orchestrations registry) {
      this.registry = registry;
    }

    /**
     * Sets how many orchestrator work items run at once (default eight per processor: completions
     * wait for a durable commit, so threads mostly wait).
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConcurrentOrchestrations(int max) {
      this.maxConcurrentOrchestrations = max;
      return this;
    }

    /**
     * Sets how many activities run at once (default eight per processor: completions wait for a
     * durable commit, so threads mostly wait).
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConcurrentActivities(int max) {
      this.maxConcurrentActivities = max;
      return this;
    }

    /**
     * Sets which orchestration versions this worker runs, what it does with the others, and the
     * version of the sub-orchestrations started without one (by default every version runs).
     *
     * @param versioning the versioning
     * @return this builder
     */
    public Builder versioning(OrchestrationVersioning versioning) {
      this.versioning = Objects.requireNonNull(versioning, "versioning");
      return this;
    }

    /**
     * Validates the limits and builds the extension.
     *
     * @return the extension
     * @throws IllegalArgumentException if a limit is below 1
     */
    public OrchestrationWorker build() {
      if (maxConcurrentOrchestrations < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentOrchestrations must be at least 1, was " + maxConcurrentOrchestrations);
      }
      if (maxConcurrentActivities < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentActivities must be at least 1, was " + maxConcurrentActivities);
      }
      return new OrchestrationWorker(this);
    }
  }
}
