package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.OrchestrationStatus;
import java.util.Set;

/**
 * Which orchestrations the dashboard lists.
 *
 * @param statuses the statuses to keep, empty for all
 * @param nameContains a case-insensitive part of the orchestration name, empty for all
 * @param idPrefix the instance-id prefix, empty for all
 * @param createdFromMillis the earliest creation time (epoch millis, inclusive)
 * @param createdToMillis the latest creation time (epoch millis, inclusive)
 * @param pageSize the most instances in one page
 * @param after the last instance id of the previous page, or null for the first page
 */
public record InstanceFilter(
    Set<OrchestrationStatus> statuses,
    String nameContains,
    String idPrefix,
    long createdFromMillis,
    long createdToMillis,
    int pageSize,
    String after) {}
