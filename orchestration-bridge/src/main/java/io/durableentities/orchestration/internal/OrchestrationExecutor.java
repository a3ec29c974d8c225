package io.durableentities.orchestration.internal;

import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one orchestration work item: a pure function from {@link OrchestratorRequest} (past and
 * new history events) to {@link OrchestratorResponse} (new actions and custom status). It runs the
 * orchestration code on the calling thread.
 *
 * <p>The response holds the actions the code produced that the history does not record yet, in id
 * order; when the orchestration ended, unlock actions for locks it still holds and then one {@code
 * CompleteOrchestration} action. On termination and non-determinism the other actions are dropped.
 */
public final class OrchestrationExecutor {

  /** The error type of the failure when no orchestration of the started name is registered. */
  public static final String NOT_FOUND_ERROR_TYPE = "OrchestratorTaskNotFound";

  private static final Logger LOG = LoggerFactory.getLogger(OrchestrationExecutor.class);

  private final Orchestrations registry;
  private final VersionGate versions;

  /**
   * Creates an executor that runs every version.
   *
   * @param registry the orchestrations and the data converter
   */
  public OrchestrationExecutor(Orchestrations registry) {
    this(registry, OrchestrationVersioning.none());
  }

  /**
   * Creates an executor for a versioned worker.
   *
   * @param registry the orchestrations and the data converter
   * @param versioning which versions run, what happens to the others, the sub-orchestrations'
   *     default version
   */
  public OrchestrationExecutor(Orchestrations registry, OrchestrationVersioning versioning) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.versions = new VersionGate(versioning);
  }

  /**
   * Replays the orchestration of a work item.
   *
   * <p>A rewind requested the way Azure Durable Task Scheduler requests it ({@code
   * ExecutionRewound} after the failed execution's {@code ExecutionCompleted}) is answered with the
   * rewound history, without running orchestration code: see {@link WorkerRewind}.
   *
   * @param request the work item
   * @return the actions to commit
   * @throws IllegalArgumentException if the history holds no {@code ExecutionStarted} event, or a
   *     rewind request has other new events than {@code OrchestratorStarted, ExecutionRewound}
   * @throws VersionGate.Rejected if the instance's version does not match the worker's and the
   *     failure strategy is to reject it
   */
  public OrchestratorResponse execute(OrchestratorRequest request) {
    if (WorkerRewind.isRequested(request)) {
      return WorkerRewind.respond(request);
    }
    Episode episode =
        new Episode(
            request.getInstanceId(),
            request.hasExecutionId() ? request.getExecutionId().getValue() : null);
    HistoryPlayer player =
        new HistoryPlayer(request.getPastEventsList(), request.getNewEventsList());
    ReplayContext ctx =
        new ReplayContext(registry.dataConverter(), player, episode, versions.defaultVersion());
    try {
      while (!episode.isStarted() && ctx.processNextEvent()) {
        // events before ExecutionStarted: OrchestratorStarted sets the clock
      }
    } catch (ReplaySignal ended) {
      // terminated before it started
    }
    if (!episode.isStarted() && !episode.isEnded()) {
      throw new IllegalArgumentException(
          "The work item for instance '"
              + request.getInstanceId()
              + "' has no ExecutionStarted event in its "
              + (request.getPastEventsCount() + request.getNewEventsCount())
              + " history events; the backend must send the whole history");
    }
    boolean versionFailed = false;
    if (!episode.isEnded()) {
      Optional<FailureDetails> mismatch =
          versions.check(episode.name, episode.instanceId, episode.version);
      if (mismatch.isPresent()) {
        // the history was written by other code: it is not replayed
        episode.fail(mismatch.get());
        versionFailed = true;
      } else {
        run(ctx, episode);
      }
    }
    List<HistoryEvent> carryover = List.of();
    if (episode.status() == OrchestrationStatus.ORCHESTRATION_STATUS_CONTINUED_AS_NEW) {
      carryover = episode.keepUnprocessedEvents() ? carryover(ctx, player) : List.of();
    } else if (episode.isEnded() && !versionFailed) {
      drain(ctx);
    }
    return response(request, ctx, episode, carryover);
  }

  private void run(ReplayContext ctx, Episode episode) {
    Optional<Orchestration> orchestration;
    try {
      orchestration = registry.orchestration(episode.name);
    } catch (RuntimeException factoryFailed) {
      episode.fail(FailureDetails.from(factoryFailed));
      return;
    }
    if (orchestration.isEmpty()) {
      episode.fail(
          new FailureDetails(
              NOT_FOUND_ERROR_TYPE,
              "No orchestration named '"
                  + episode.name
                  + "' is registered (instance '"
                  + episode.instanceId
                  + "'); registered orchestrations: "
                  + registry.orchestrationNames(),
              null,
              true));
      return;
    }
    Object output;
    try {
      output = orchestration.get().run(ctx);
    } catch (ReplaySignal signal) {
      return;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      if (episode.unwinding() == null) {
        episode.fail(FailureDetails.from(failure));
      }
      return;
    }
    if (episode.unwinding() != null) {
      LOG.warn(
          "Orchestration '{}' (instance '{}') caught the runtime's internal ReplaySignal and"
              + " returned; never catch Throwable or Error in orchestration code",
          episode.name,
          episode.instanceId);
      return;
    }
    try {
      episode.complete(ctx.converter().serialize(output));
    } catch (RuntimeException e) {
      episode.fail(FailureDetails.from(e));
    }
  }

  /** Processes the rest of the history after the end, so recorded actions are not sent again. */
  private static void drain(ReplayContext ctx) {
    try {
      while (ctx.processNextEvent()) {
        // matches recorded actions; a mismatch turns the outcome into a non-determinism failure
      }
    } catch (ReplaySignal ended) {
      // non-determinism replaced the outcome
    } catch (RuntimeException e) {
      LOG.warn("Ignoring a failure while processing events after the orchestration ended", e);
    }
  }

  private static List<HistoryEvent> carryover(ReplayContext ctx, HistoryPlayer player) {
    List<HistoryEvent> events = new ArrayList<>(ctx.unprocessedEvents());
    for (HistoryEvent event : player.drainRemaining()) {
      if (event.hasEventRaised()) {
        events.add(event);
      }
    }
    return events;
  }

  private static OrchestratorResponse response(
      OrchestratorRequest request, ReplayContext ctx, Episode episode, List<HistoryEvent> carry) {
    OrchestratorResponse.Builder response =
        OrchestratorResponse.newBuilder().setInstanceId(request.getInstanceId());
    if (!episode.dropPendingActions()) {
      response.addAllActions(ctx.pendingActions());
    }
    if (episode.isEnded()) {
      response.addAllActions(ctx.entityFeature().releaseOnExit());
      CompleteOrchestrationAction.Builder complete =
          CompleteOrchestrationAction.newBuilder()
              .setOrchestrationStatus(episode.status())
              .addAllCarryoverEvents(carry);
      if (episode.result() != null) {
        complete.setResult(Wire.string(episode.result()));
      }
      if (episode.failure() != null) {
        complete.setFailureDetails(Wire.failure(episode.failure()));
      }
      response.addActions(
          OrchestratorAction.newBuilder().setId(ctx.nextId()).setCompleteOrchestration(complete));
    }
    if (ctx.customStatus() != null) {
      response.setCustomStatus(Wire.string(ctx.customStatus()));
    }
    return response.build();
  }
}
