package io.durableentities.orchestration.internal;

import io.durableentities.core.DataConverter;
import io.durableentities.orchestration.OrchestrationException;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;

/**
 * The orchestration client's conversions between the wire's instance states and statuses and the
 * public {@link OrchestrationMetadata} and {@link OrchestrationRuntimeStatus}.
 */
final class InstanceStates {

  private static final String STATUS_PREFIX = "ORCHESTRATION_STATUS_";

  private InstanceStates() {}

  static OrchestrationStatus toProto(OrchestrationRuntimeStatus status) {
    return OrchestrationStatus.valueOf(STATUS_PREFIX + status.name());
  }

  static OrchestrationRuntimeStatus fromProto(OrchestrationStatus status) {
    if (status == OrchestrationStatus.UNRECOGNIZED) {
      throw new OrchestrationException("The scheduler sent an unknown orchestration status");
    }
    return OrchestrationRuntimeStatus.valueOf(status.name().substring(STATUS_PREFIX.length()));
  }

  static OrchestrationMetadata toMetadata(OrchestrationState state, DataConverter converter) {
    return new OrchestrationMetadata(
        state.getInstanceId(),
        state.getName(),
        state.hasVersion() ? state.getVersion().getValue() : null,
        fromProto(state.getOrchestrationStatus()),
        Wire.instant(state.getCreatedTimestamp()),
        Wire.instant(state.getLastUpdatedTimestamp()),
        state.hasInput() ? state.getInput().getValue() : null,
        state.hasOutput() ? state.getOutput().getValue() : null,
        state.hasCustomStatus() ? state.getCustomStatus().getValue() : null,
        state.hasFailureDetails() ? Wire.failure(state.getFailureDetails()) : null,
        converter);
  }
}
