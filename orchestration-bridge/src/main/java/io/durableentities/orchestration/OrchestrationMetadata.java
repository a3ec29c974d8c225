package io.durableentities.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.FailureDetails;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the scheduler knows about an orchestration instance: its id, name, version, status and
 * times, and, when requested, its input, output and custom status as JSON, with typed readers.
 *
 * <pre>{@code
 * OrchestrationMetadata done = client.waitForCompletion(id, Duration.ofSeconds(30));
 * if (done.status() == OrchestrationRuntimeStatus.COMPLETED) {
 *   Receipt receipt = done.readOutputAs(Receipt.class);
 * }
 * }</pre>
 *
 * <p>A value class rather than a record: it keeps the client's {@link DataConverter} for the typed
 * readers, which is not part of its value ({@code equals} ignores it).
 */
public final class OrchestrationMetadata {

  private final String instanceId;
  private final String name;
  private final String version;
  private final OrchestrationRuntimeStatus status;
  private final Instant createdAt;
  private final Instant lastUpdatedAt;
  private final String serializedInput;
  private final String serializedOutput;
  private final String serializedCustomStatus;
  private final FailureDetails failureDetails;
  private final DataConverter dataConverter;

  /**
   * Creates metadata of an instance without a version.
   *
   * @param instanceId the instance id
   * @param name the orchestration name
   * @param status the status
   * @param createdAt when the instance was created
   * @param lastUpdatedAt when it last changed
   * @param serializedInput the input as JSON; null when none or not requested
   * @param serializedOutput the output as JSON; null when none or not requested
   * @param serializedCustomStatus the custom status as JSON; null when none or not requested
   * @param failureDetails the failure of a failed instance; null otherwise
   * @param dataConverter reads the JSON values
   */
  public OrchestrationMetadata(
      String instanceId,
      String name,
      OrchestrationRuntimeStatus status,
      Instant createdAt,
      Instant lastUpdatedAt,
      String serializedInput,
      String serializedOutput,
      String serializedCustomStatus,
      FailureDetails failureDetails,
      DataConverter dataConverter) {
    this(
        instanceId,
        name,
        null,
        status,
        createdAt,
        lastUpdatedAt,
        serializedInput,
        serializedOutput,
        serializedCustomStatus,
        failureDetails,
        dataConverter);
  }

  /**
   * Creates metadata.
   *
   * @param instanceId the instance id
   * @param name the orchestration name
   * @param version the instance's version; null or empty when it has none
   * @param status the status
   * @param createdAt when the instance was created
   * @param lastUpdatedAt when it last changed
   * @param serializedInput the input as JSON; null when none or not requested
   * @param serializedOutput the output as JSON; null when none or not requested
   * @param serializedCustomStatus the custom status as JSON; null when none or not requested
   * @param failureDetails the failure of a failed instance; null otherwise
   * @param dataConverter reads the JSON values
   */
  public OrchestrationMetadata(
      String instanceId,
      String name,
      String version,
      OrchestrationRuntimeStatus status,
      Instant createdAt,
      Instant lastUpdatedAt,
      String serializedInput,
      String serializedOutput,
      String serializedCustomStatus,
      FailureDetails failureDetails,
      DataConverter dataConverter) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.name = Objects.requireNonNull(name, "name");
    this.version = version == null || version.isEmpty() ? null : version;
    this.status = Objects.requireNonNull(status, "status");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.lastUpdatedAt = Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    this.serializedInput = serializedInput;
    this.serializedOutput = serializedOutput;
    this.serializedCustomStatus = serializedCustomStatus;
    this.failureDetails = failureDetails;
    this.dataConverter = Objects.requireNonNull(dataConverter, "dataConverter");
  }

  /**
   * Returns the instance id.
   *
   * @return the instance id
   */
  public String instanceId() {
    return instanceId;
  }

  /**
   * Returns the version the instance was started with ({@link ScheduleOptions#version()}).
   *
   * @return the version, or empty when it has none
   */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /**
   * Returns the orchestration name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the status.
   *
   * @return the status
   */
  public OrchestrationRuntimeStatus status() {
    return status;
  }

  /**
   * Tells whether the instance has finished ({@link OrchestrationRuntimeStatus#isTerminal()}).
   *
   * @return whether it finished
   */
  public boolean isTerminal() {
    return status.isTerminal();
  }

  /**
   * Returns when the instance was created.
   *
   * @return the creation time
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when the instance last changed.
   *
   * @return the last update time
   */
  public Instant lastUpdatedAt() {
    return lastUpdatedAt;
  }

  /**
   * Returns the input as JSON.
   *
   * @return the input; null when none or not requested
   */
  public String serializedInput() {
    return serializedInput;
  }

  /**
   * Returns the output as JSON.
   *
   * @return the output; null when none, not finished or not requested
   */
  public String serializedOutput() {
    return serializedOutput;
  }

  /**
   * Returns the custom status as JSON.
   *
   * @return the custom status; null when none or not requested
   */
  public String serializedCustomStatus() {
    return serializedCustomStatus;
  }

  /**
   * Returns the failure of a failed instance.
   *
   * @return the failure details; null unless {@link #status()} is {@code FAILED}
   */
  public FailureDetails failureDetails() {
    return failureDetails;
  }

  /**
   * Reads the input.
   *
   * @param type the input type
   * @param <T> the input type
   * @return the input; null when none or not requested
   * @throws io.durableentities.core.DataConverterException if it cannot be read as {@code type}
   */
  public <T> T readInputAs(Class<T> type) {
    return dataConverter.deserialize(serializedInput, Objects.requireNonNull(type, "type"));
  }

  /**
   * Reads the output.
   *
   * @param type the output type
   * @param <T> the output type
   * @return the output; null when none, not finished or not requested
   * @throws io.durableentities.core.DataConverterException if it cannot be read as {@code type}
   */
  public <T> T readOutputAs(Class<T> type) {
    return dataConverter.deserialize(serializedOutput, Objects.requireNonNull(type, "type"));
  }

  /**
   * Reads the custom status.
   *
   * @param type the custom status type
   * @param <T> the custom status type
   * @return the custom status; null when none or not requested
   * @throws io.durableentities.core.DataConverterException if it cannot be read as {@code type}
   */
  public <T> T readCustomStatusAs(Class<T> type) {
    return dataConverter.deserialize(serializedCustomStatus, Objects.requireNonNull(type, "type"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrchestrationMetadata m
        && instanceId.equals(m.instanceId)
        && name.equals(m.name)
        && Objects.equals(version, m.version)
        && status == m.status
        && createdAt.equals(m.createdAt)
        && lastUpdatedAt.equals(m.lastUpdatedAt)
        && Objects.equals(serializedInput, m.serializedInput)
        && Objects.equals(serializedOutput, m.serializedOutput)
        && Objects.equals(serializedCustomStatus, m.serializedCustomStatus)
        && Objects.equals(failureDetails, m.failureDetails);
  }

  @Override
  public int hashCode() {
    return Objects.hash(instanceId, name, status, createdAt, lastUpdatedAt);
  }

  @Override
  public String toString() {
    return "OrchestrationMetadata["
        + instanceId
        + " "
        + name
        + (version != null ? " version " + version : "")
        + " "
        + status
        + ", created "
        + createdAt
        + ", updated "
        + lastUpdatedAt
        + (failureDetails != null ? ", failure " + failureDetails.summary() : "")
        + "]";
  }
}
