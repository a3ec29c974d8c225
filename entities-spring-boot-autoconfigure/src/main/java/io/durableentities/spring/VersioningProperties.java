package io.durableentities.spring;

import io.durableentities.orchestration.OrchestrationVersioning;

/**
 * The {@code durable.versioning.*} settings: the orchestration version the worker runs, how it
 * matches instances' versions and what it does with the others, and the default version of new
 * instances (see {@link OrchestrationVersioning}).
 *
 * <pre>
 * durable.versioning.version=2.0
 * durable.versioning.default-version=2.0
 * durable.versioning.match-strategy=current-or-older
 * durable.versioning.failure-strategy=reject
 * </pre>
 */
public class VersioningProperties {

  /**
   * Version of the orchestration code the worker runs, matched against instances' versions by the
   * match strategy (default: none).
   */
  private String version;

  /**
   * Version of the instances started without one: by the OrchestrationClient bean, and by the
   * worker's orchestrations (sub-orchestrations) and entities (default: none).
   */
  private String defaultVersion;

  /**
   * How the worker matches instances' versions with its version: none (every version runs), strict
   * (only its version), or current-or-older.
   */
  private OrchestrationVersioning.MatchStrategy matchStrategy =
      OrchestrationVersioning.MatchStrategy.NONE;

  /**
   * What the worker does with an instance whose version does not match: reject (leave it for a
   * worker of a matching version) or fail (fail the instance).
   */
  private OrchestrationVersioning.FailureStrategy failureStrategy =
      OrchestrationVersioning.FailureStrategy.REJECT;

  /**
   * Returns the worker's version.
   *
   * @return the version, or null for none
   */
  public String getVersion() {
    return version;
  }

  /**
   * Sets the worker's version.
   *
   * @param version the version, or null or empty for none
   */
  public void setVersion(String version) {
    this.version = version;
  }

  /**
   * Returns the default version of new instances.
   *
   * @return the version, or null for none
   */
  public String getDefaultVersion() {
    return defaultVersion;
  }

  /**
   * Sets the default version of new instances.
   *
   * @param defaultVersion the version, or null or empty for none
   */
  public void setDefaultVersion(String defaultVersion) {
    this.defaultVersion = defaultVersion;
  }

  /**
   * Returns the match strategy.
   *
   * @return the strategy
   */
  public OrchestrationVersioning.MatchStrategy getMatchStrategy() {
    return matchStrategy;
  }

  /**
   * Sets the match strategy.
   *
   * @param matchStrategy the strategy
   */
  public void setMatchStrategy(OrchestrationVersioning.MatchStrategy matchStrategy) {
    this.matchStrategy = matchStrategy;
  }

  /**
   * Returns the failure strategy.
   *
   * @return the strategy
   */
  public OrchestrationVersioning.FailureStrategy getFailureStrategy() {
    return failureStrategy;
  }

  /**
   * Sets the failure strategy.
   *
   * @param failureStrategy the strategy
   */
  public void setFailureStrategy(OrchestrationVersioning.FailureStrategy failureStrategy) {
    this.failureStrategy = failureStrategy;
  }

  /**
   * Builds the worker's versioning from these settings.
   *
   * @return the versioning
   * @throws IllegalArgumentException naming the property to fix, if the settings do not go together
   *     (a match strategy other than none without a version)
   */
  public OrchestrationVersioning toVersioning() {
    OrchestrationVersioning.Builder b =
        OrchestrationVersioning.newBuilder()
            .matchStrategy(matchStrategy)
            .failureStrategy(failureStrategy);
    if (version != null && !version.isBlank()) {
      b.version(version);
    }
    if (defaultVersion != null && !defaultVersion.isBlank()) {
      b.defaultVersion(defaultVersion);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid durable.versioning settings: durable.versioning.match-strategy is "
              + matchStrategy
              + " but durable.versioning.version is not set; set durable.versioning.version to"
              + " the version this worker runs, or durable.versioning.match-strategy to none",
          e);
    }
  }
}
