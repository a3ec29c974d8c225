package io.durableentities.core;

import java.util.List;

/**
 * The outcome of a batch run by {@link EntityTester#runBatch}.
 *
 * @param results one outcome per operation, in order
 * @param signals the signals sent by the successful operations
 * @param orchestrationStarts the orchestration starts requested by the successful operations
 * @param stateJson the state after the batch, or null when the entity has none
 */
public record EntityBatchOutcome(
    List<OperationOutcome> results,
    List<SentSignal> signals,
    List<StartedOrchestration> orchestrationStarts,
    String stateJson) {

  /**
   * Copies the lists.
   *
   * @param results the results, not null
   * @param signals the signals, not null
   * @param orchestrationStarts the orchestration starts, not null
   * @param stateJson the state, nullable
   */
  public EntityBatchOutcome {
    results = List.copyOf(results);
    signals = List.copyOf(signals);
    orchestrationStarts = List.copyOf(orchestrationStarts);
  }
}
