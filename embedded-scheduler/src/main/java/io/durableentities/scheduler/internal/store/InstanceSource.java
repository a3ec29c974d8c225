package io.durableentities.scheduler.internal.store;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The committed orchestration rows, for the read paths: the writer's connection (an in-memory
 * store, read under the engine lock) or the read-only connections of a file store ({@link
 * StoreReader}).
 */
public interface InstanceSource {

  /** An instance's row, or null when the store has none. */
  InstanceRow instance(String hub, String instanceId) throws SQLException;

  /** The rows a selection names, in the store's id order. */
  List<InstanceRow> instances(InstanceSelection q) throws SQLException;

  /** How many instances of a hub have each status (by {@code OrchestrationStatus} number). */
  Map<Integer, Integer> statusCounts(String hub) throws SQLException;

  /** The events of one execution as stored, in order; empty when none. */
  List<byte[]> history(String hub, String instanceId, String executionId) throws SQLException;
}
