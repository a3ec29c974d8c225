package io.durableentities.orchestration.internal;

import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.OrchestrationException;
import io.durableentities.orchestration.OrchestrationVersioning;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies a worker's {@link OrchestrationVersioning} to an instance about to run: nothing when its
 * version matches, a {@link Rejected} signal for {@link
 * OrchestrationVersioning.FailureStrategy#REJECT} (the handler abandons the work item), or the
 * failure to end it with for {@link OrchestrationVersioning.FailureStrategy#FAIL}. The built-in
 * call orchestration is never gated: it carries client calls to entities, whatever the versions.
 */
final class VersionGate {

  private final OrchestrationVersioning versioning;

  VersionGate(OrchestrationVersioning versioning) {
    this.versioning = Objects.requireNonNull(versioning, "versioning");
  }

  /** The version given to sub-orchestrations started without one; empty when none. */
  String defaultVersion() {
    return versioning.defaultVersion();
  }

  /**
   * Checks an instance.
   *
   * @return the failure to end the instance with, or empty when it may run
   * @throws Rejected if it may not run here and the strategy is to reject it
   */
  Optional<FailureDetails> check(String name, String instanceId, String version) {
    if (CallEntityOrchestration.NAME.equals(name)) {
      return Optional.empty();
    }
    Optional<String> mismatch = versioning.mismatch(version);
    if (mismatch.isEmpty()) {
      return Optional.empty();
    }
    String what =
        "Instance '"
            + instanceId
            + "' of orchestration '"
            + name
            + "' cannot run on this worker: "
            + mismatch.get();
    if (versioning.failureStrategy() == OrchestrationVersioning.FailureStrategy.REJECT) {
      throw new Rejected(
          what + "; abandoning its work item so that a worker of a matching version takes it");
    }
    return Optional.of(
        new FailureDetails(
            OrchestrationVersioning.VERSION_MISMATCH_ERROR_TYPE,
            what
                + ". Run instances of this version on a worker whose OrchestrationVersioning"
                + " version matches them, or configure FailureStrategy.REJECT so that they wait"
                + " for such a worker; start new instances with a version the workers run"
                + " (ScheduleOptions.version or OrchestrationClient.withDefaultVersion), then"
                + " restart this one",
            null,
            true));
  }

  /**
   * The instance may not run on this worker and goes back to the scheduler (an orchestration
   * failure of the worker's, never of the instance's; caught by the work-item handler).
   */
  static final class Rejected extends OrchestrationException {

    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }
}
