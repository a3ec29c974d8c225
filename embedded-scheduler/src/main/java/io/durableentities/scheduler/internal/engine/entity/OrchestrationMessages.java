package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import java.sql.SQLException;

/**
 * What entities send to orchestrations: answers to calls, lock grants, and orchestration starts.
 * The only way this package reaches the orchestration side (which implements it), so that the
 * dependency between the two packages goes one way.
 */
public interface OrchestrationMessages {

  /**
   * Delivers an event to an instance's inbox when the instance is active and (if given) on the same
   * execution; otherwise drops it and returns false. Writer thread, in the group's transaction.
   */
  boolean deliver(
      EngineState s,
      HubState h,
      String instanceId,
      String executionId,
      HistoryEvent event,
      long now)
      throws SQLException;

  /**
   * Starts the orchestration an entity's batch asked for, in the same transaction; ignored (and
   * logged) when an instance with that id is active.
   */
  void startFromEntity(
      EngineState s, EntityRuntime source, StartNewOrchestrationAction action, long now)
      throws SQLException;
}
