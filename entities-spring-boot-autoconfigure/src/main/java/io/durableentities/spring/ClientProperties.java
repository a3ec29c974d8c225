package io.durableentities.spring;

import java.time.Duration;

/** The {@code durable.client.*} settings. */
public class ClientProperties {

  /** Deadline of each client call attempt (signal, get, query, start, ...). */
  private Duration callTimeout = Duration.ofSeconds(30);

  /**
   * How many attempts a client call gets when the scheduler is unavailable or the deadline passes
   * (default 5); 1 turns retries off.
   */
  private Integer maxAttempts;

  /** Deadline of the health indicator's check that the scheduler answers. */
  private Duration healthTimeout = Duration.ofSeconds(2);

  /**
   * Returns the call timeout.
   *
   * @return the timeout
   */
  public Duration getCallTimeout() {
    return callTimeout;
  }

  /**
   * Sets the call timeout.
   *
   * @param callTimeout positive
   */
  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  /**
   * Returns the attempts per call.
   *
   * @return the attempts, or null for the default
   */
  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Sets the attempts per call.
   *
   * @param maxAttempts at least 1
   */
  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /**
   * Returns the health check's deadline.
   *
   * @return the timeout
   */
  public Duration getHealthTimeout() {
    return healthTimeout;
  }

  /**
   * Sets the health check's deadline.
   *
   * @param healthTimeout positive
   */
  public void setHealthTimeout(Duration healthTimeout) {
    this.healthTimeout = healthTimeout;
  }
}
