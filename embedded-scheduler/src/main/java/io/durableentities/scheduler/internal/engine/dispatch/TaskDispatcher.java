package io.durableentities.scheduler.internal.engine.dispatch;

import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorEntityParameters;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.state.ActivityTask;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.InboxEvent;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.TaskLease;
import io.durableentities.scheduler.internal.engine.state.WorkStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrator and activity work items: dispatch to streams that take them (filters, limits, flow
 * control) under leases with completion tokens. Runs on the writer thread after each commit.
 */
public final class TaskDispatcher {

  private static final Logger log = LoggerFactory.getLogger(TaskDispatcher.class);

  private final EngineConfig config;

  public TaskDispatcher(EngineConfig config) {
    this.config = config;
  }

  /** Sends the ready orchestrator and activity work items each hub's streams can take. */
  public void dispatch(EngineState s, long now) {
    for (HubState h : s.hubs()) {
      if (h.streams().isEmpty()) {
        continue;
      }
      h.offerReadyOrchestrations(
          () -> anyCapacity(h, true),
          o -> {
            WorkStream stream = pickOrchestrator(h, o, now);
            if (stream == null) {
              return false;
            }
            List<InboxEvent> events = o.deliverableEvents(now);
            return events.isEmpty() || sendOrchestrator(h, o, events, stream, now);
          });
      h.activities()
          .offerReady(
              () -> anyCapacity(h, false),
              a -> {
                WorkStream stream = pickActivity(h, a.request().getName());
                return stream != null && sendActivity(h, a, stream, now);
              });
    }
  }

  private static boolean anyCapacity(HubState h, boolean orchestration) {
    for (WorkStream s : h.streams()) {
      if (orchestration ? s.hasOrchestrationCapacity() : s.hasActivityCapacity()) {
        return true;
      }
    }
    return false;
  }

  private static WorkStream pickActivity(HubState h, String name) {
    WorkStream best = null;
    for (WorkStream s : h.streams()) {
      boolean fits = s.acceptsActivity(name) && s.hasActivityCapacity();
      if (fits && (best == null || s.taskLoad() < best.taskLoad())) {
        best = s;
      }
    }
    return best;
  }

  /**
   * The least loaded stream that takes the instance's name and version, leaving out the stream that
   * abandoned it lately (its back-off timer makes it ready again for that stream); null when none
   * can take it now.
   */
  private static WorkStream pickOrchestrator(HubState h, OrchestrationRuntime o, long now) {
    WorkStream avoided = o.avoidedStream(now);
    WorkStream best = null;
    for (WorkStream s : h.streams()) {
      boolean fits =
          s != avoided
              && s.acceptsOrchestration(o.name(), o.version())
              && s.hasOrchestrationCapacity();
      if (fits && (best == null || s.taskLoad() < best.taskLoad())) {
        best = s;
      }
    }
    return best;
  }

  private boolean sendOrchestrator(
      HubState h, OrchestrationRuntime o, List<InboxEvent> events, WorkStream s, long now) {
    String token = UUID.randomUUID().toString();
    List<HistoryEvent> newEvents = new ArrayList<>();
    newEvents.add(
        Protos.event(now)
            .setOrchestratorStarted(OrchestratorStartedEvent.getDefaultInstance())
            .build());
    for (InboxEvent e : events) {
      newEvents.add(e.event());
    }
    OrchestratorRequest request =
        OrchestratorRequest.newBuilder()
            .setInstanceId(o.instanceId())
            .setExecutionId(StringValue.of(o.executionId()))
            .addAllPastEvents(o.history())
            .addAllNewEvents(newEvents)
            .setEntityParameters(
                OrchestratorEntityParameters.newBuilder()
                    .setEntityMessageReorderWindow(Duration.getDefaultInstance()))
            .build();
    WorkItem item =
        WorkItem.newBuilder().setOrchestratorRequest(request).setCompletionToken(token).build();
    if (!s.send(item)) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s);
      return false;
    }
    h.leases()
        .add(
            TaskLease.orchestrator(
                token, s, now + config.leaseTimeoutMillis(), o, events, newEvents));
    return true;
  }

  private boolean sendActivity(HubState h, ActivityTask a, WorkStream s, long now) {
    String token = UUID.randomUUID().toString();
    WorkItem item =
        WorkItem.newBuilder().setActivityRequest(a.request()).setCompletionToken(token).build();
    if (!s.send(item)) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s);
      return false;
    }
    h.leases().add(TaskLease.activity(token, s, now + config.leaseTimeoutMillis(), a));
    return true;
  }
}
