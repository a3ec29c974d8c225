package io.durableentities.orchestration.internal;

import io.durableentities.core.FailureDetails;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;

/**
 * What one work item learns about its execution: identity and input (from {@code
 * ExecutionStarted}), how it ended, if it did, and the signal unwinding the code, if any.
 */
final class Episode {

  String name;
  String version = "";
  String instanceId;
  String executionId;
  String rawInput;
  private boolean started;
  private ReplaySignal unwinding;
  private OrchestrationStatus status;
  private String result;
  private FailureDetails failure;
  private boolean keepUnprocessedEvents;
  private boolean dropPendingActions;

  Episode(String instanceId, String executionId) {
    this.instanceId = instanceId;
    this.executionId = executionId;
  }

  void start(ExecutionStartedEvent event) {
    started = true;
    name = event.getName();
    version = event.hasVersion() ? event.getVersion().getValue() : "";
    rawInput = event.hasInput() ? event.getInput().getValue() : null;
    if (event.hasOrchestrationInstance()) {
      if (!event.getOrchestrationInstance().getInstanceId().isEmpty()) {
        instanceId = event.getOrchestrationInstance().getInstanceId();
      }
      if (event.getOrchestrationInstance().hasExecutionId()) {
        executionId = event.getOrchestrationInstance().getExecutionId().getValue();
      }
    }
  }

  boolean isStarted() {
    return started;
  }

  ReplaySignal unwinding() {
    return unwinding;
  }

  void unwind(ReplaySignal signal) {
    unwinding = signal;
  }

  boolean isEnded() {
    return status != null;
  }

  OrchestrationStatus status() {
    return status;
  }

  String result() {
    return result;
  }

  FailureDetails failure() {
    return failure;
  }

  boolean keepUnprocessedEvents() {
    return keepUnprocessedEvents;
  }

  boolean dropPendingActions() {
    return dropPendingActions;
  }

  void complete(String output) {
    end(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED, output, null);
  }

  void fail(FailureDetails details) {
    end(OrchestrationStatus.ORCHESTRATION_STATUS_FAILED, null, details);
  }

  void continueAsNew(String input, boolean keepEvents) {
    end(OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW, input, null);
    keepUnprocessedEvents = keepEvents;
  }

  void terminate(String output) {
    end(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED, output, null);
    dropPendingActions = true;
  }

  /** Non-determinism overrides any other outcome: the replayed code cannot be trusted. */
  void endNonDeterministic(FailureDetails details) {
    status = OrchestrationStatus.ORCHESTRATION_STATUS_FAILED;
    result = null;
    failure = details;
    keepUnprocessedEvents = false;
    dropPendingActions = true;
  }

  private void end(OrchestrationStatus endStatus, String output, FailureDetails details) {
    if (status == null) {
      status = endStatus;
      result = output;
      failure = details;
    }
  }
}
