package io.durableentities.spring;

import java.time.Duration;

/** The {@code durable.worker.*} settings. */
public class WorkerProperties {

  /**
   * Whether to run a worker for the application's entities, orchestrations and activities; false
   * for an application that only uses the clients.
   */
  private boolean enabled = true;

  /** How many entity batches run at once (default: eight per processor). */
  private Integer maxConcurrentEntityWorkItems;

  /** How many orchestration work items run at once (default: eight per processor). */
  private Integer maxConcurrentOrchestrations;

  /** How many activities run at once (default: eight per processor). */
  private Integer maxConcurrentActivities;

  /**
   * How long the worker lets running work items finish on shutdown before it abandons them (the
   * scheduler delivers them again); keep it below spring.lifecycle.timeout-per-shutdown-phase.
   */
  private Duration shutdownTimeout = Duration.ofSeconds(25);

  /**
   * Returns whether the worker runs.
   *
   * @return whether enabled
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether the worker runs.
   *
   * @param enabled whether enabled
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the entity concurrency.
   *
   * @return the limit, or null for the default
   */
  public Integer getMaxConcurrentEntityWorkItems() {
    return maxConcurrentEntityWorkItems;
  }

  /**
   * Sets the entity concurrency.
   *
   * @param max at least 1
   */
  public void setMaxConcurrentEntityWorkItems(Integer max) {
    this.maxConcurrentEntityWorkItems = max;
  }

  /**
   * Returns the orchestration concurrency.
   *
   * @return the limit, or null for the default
   */
  public Integer getMaxConcurrentOrchestrations() {
    return maxConcurrentOrchestrations;
  }

  /**
   * Sets the orchestration concurrency.
   *
   * @param max at least 1
   */
  public void setMaxConcurrentOrchestrations(Integer max) {
    this.maxConcurrentOrchestrations = max;
  }

  /**
   * Returns the activity concurrency.
   *
   * @return the limit, or null for the default
   */
  public Integer getMaxConcurrentActivities() {
    return maxConcurrentActivities;
  }

  /**
   * Sets the activity concurrency.
   *
   * @param max at least 1
   */
  public void setMaxConcurrentActivities(Integer max) {
    this.maxConcurrentActivities = max;
  }

  /**
   * Returns the shutdown timeout.
   *
   * @return the timeout
   */
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Sets the shutdown timeout.
   *
   * @param shutdownTimeout not negative
   */
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }
}
