package io.durableentities.core.internal;

import java.time.Instant;

/**
 * How an orchestration starts, its instance id, earliest start time and version, and the rules
 * these follow, in one place: the state of {@link
 * io.durableentities.core.StartOrchestrationOptions} (an entity's start) and of {@code
 * orchestration-bridge}'s {@code ScheduleOptions} (a client's start), whose public builders
 * delegate here; the bridge's {@code TaskOptions} checks a sub-orchestration's version with {@link
 * #checkVersion}.
 *
 * @param instanceId the instance id, or null for a random one
 * @param startAt the earliest start time, or null for now
 * @param version the version, or null for the default version of the worker or client that starts
 *     it
 */
public record OrchestrationStart(String instanceId, Instant startAt, String version) {

  /** A random id, now, the default version. */
  public static final OrchestrationStart DEFAULTS = new OrchestrationStart(null, null, null);

  /**
   * Returns these settings with another instance id, unchecked: an entity's start checks its id
   * when it runs, naming the entity and the operation.
   *
   * @param instanceId the id, or null for a random one
   * @return the new settings
   */
  public OrchestrationStart withInstanceId(String instanceId) {
    return new OrchestrationStart(instanceId, startAt, version);
  }

  /**
   * Returns these settings with another earliest start time.
   *
   * @param startAt the time, or null for now
   * @return the new settings
   */
  public OrchestrationStart withStartAt(Instant startAt) {
    return new OrchestrationStart(instanceId, startAt, version);
  }

  /**
   * Returns these settings with another version, checked by {@link #checkVersion}.
   *
   * @param version the version, or null for the default one
   * @param defaultVersion what null stands for, for the message, such as {@code "the client's
   *     default version"}
   * @return the new settings
   * @throws IllegalArgumentException if the version is blank
   */
  public OrchestrationStart withVersion(String version, String defaultVersion) {
    return new OrchestrationStart(instanceId, startAt, checkVersion(version, defaultVersion));
  }

  /**
   * Checks an instance id that is set before a start: null (a new random id) or not blank.
   *
   * @param instanceId the id, or null
   * @return the id
   * @throws IllegalArgumentException if the id is blank
   */
  public static String checkInstanceId(String instanceId) {
    if (instanceId != null && instanceId.isBlank()) {
      throw new IllegalArgumentException(
          "The instance id must not be blank; pass null for a new random one");
    }
    return instanceId;
  }

  /**
   * Checks a version: null (the default version) or not blank.
   *
   * @param version the version, or null
   * @param defaultVersion what null stands for, for the message, such as {@code "the worker's
   *     default version"}
   * @return the version
   * @throws IllegalArgumentException if the version is blank
   */
  public static String checkVersion(String version, String defaultVersion) {
    if (version != null && version.isBlank()) {
      throw new IllegalArgumentException(
          "The version must not be blank; pass null for " + defaultVersion);
    }
    return version;
  }

  /**
   * Describes these settings as the options type that holds them.
   *
   * @param type the options type's simple name, such as {@code "ScheduleOptions"}
   * @return {@code type[instanceId=..., startAt=..., version=...]}
   */
  public String describe(String type) {
    return type
        + "[instanceId="
        + instanceId
        + ", startAt="
        + startAt
        + ", version="
        + version
        + "]";
  }
}
