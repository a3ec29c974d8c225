package io.durableentities.core.internal;

import io.durableentities.core.FailureDetails;
import java.util.List;

/**
 * The result of a batch, independent of the wire protocol.
 *
 * @param results one result per executed operation, in order
 * @param actions the actions of the committed operations, in emission order
 * @param state the serialized state after the batch, or null when the entity has none (deleted)
 * @param batchFailure a framework failure that prevented the batch from running (the entity could
 *     not be created), or null; when set, {@code results} is empty and the batch should be retried
 */
public record EntityBatchResult(
    List<OperationResult> results,
    List<EntityAction> actions,
    String state,
    FailureDetails batchFailure) {

  /**
   * Copies the lists.
   *
   * @param results the results, not null
   * @param actions the actions, not null
   * @param state the state JSON, nullable
   * @param batchFailure the batch failure, nullable
   */
  public EntityBatchResult {
    results = List.copyOf(results);
    actions = List.copyOf(actions);
  }
}
