package io.durableentities.scheduler.internal.store;

/**
 * One row of {@code instances}: an orchestration instance's current execution.
 *
 * @param status the {@code OrchestrationStatus} number
 * @param failureDetails a serialized {@code TaskFailureDetails}, or null
 * @param parent a serialized {@code ParentInstanceInfo}, or null
 * @param completedAt epoch millis, or 0 while not finished
 * @param scheduledStart epoch millis, or 0 when started at once
 */
public record InstanceRow(
    String hub,
    String instanceId,
    String executionId,
    String name,
    String version,
    int status,
    String input,
    String output,
    String customStatus,
    byte[] failureDetails,
    long createdAt,
    long lastUpdated,
    long completedAt,
    long scheduledStart,
    String parentInstanceId,
    byte[] parent) {}
