package io.durableentities.scheduler.internal.engine.dispatch;

import com.google.protobuf.Duration;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorEntityParameters;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorStartedEvent;
import io.durableentities.protocol.internal.TraceContext;
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
import io.durableentities.scheduler.internal.telemetry.SchedulerTracing;
import io.opentelemetry.api.trace.Span;
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
  private final SchedulerTracing tracing;

  public TaskDispatcher(EngineConfig config, SchedulerTracing tracing) {
    this.config = config;
    this.tracing = tracing;
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
    Span span =
        tracing.enabled()
            ? tracing.dispatch(
                "orchestrator",
                h.name(),
                startedTraceContext(events, o),
                o.name(),
                o.instanceId(),
                queueWait(events, now))
            : null;
    boolean sent = s.send(item);
    SchedulerTracing.dispatched(span, sent);
    if (!sent) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s);
      return false;
    }
    h.leases()
        .add(
            TaskLease.orchestrator(
                token, s, now + config.leaseTimeoutMillis(), o, events, newEvents));
    return true;
  }

  /**
   * The trace context the orchestration was started with: on its {@code ExecutionStarted} event,
   * among the events delivered now (its first episode) or in its history; null when none.
   */
  private static TraceContext startedTraceContext(List<InboxEvent> events, OrchestrationRuntime o) {
    for (InboxEvent e : events) {
      if (e.event().hasExecutionStarted()) {
        return traceOf(e.event());
      }
    }
    for (HistoryEvent e : o.history()) {
      if (e.hasExecutionStarted()) {
        return traceOf(e);
      }
    }
    return null;
  }

  private static TraceContext traceOf(HistoryEvent started) {
    return started.getExecutionStarted().hasParentTraceContext()
        ? started.getExecutionStarted().getParentTraceContext()
        : null;
  }

  /**
   * How long the oldest of the delivered events waited to be delivered: from when it was received
   * (or, for a timer, came due) to now.
   */
  private static long queueWait(List<InboxEvent> events, long now) {
    long oldest = now;
    for (InboxEvent e : events) {
      long received = Protos.millis(e.event().getTimestamp());
      oldest = Math.min(oldest, Math.max(received, e.dueAt()));
    }
    return now - oldest;
  }

  private boolean sendActivity(HubState h, ActivityTask a, WorkStream s, long now) {
    String token = UUID.randomUUID().toString();
    WorkItem item =
        WorkItem.newBuilder().setActivityRequest(a.request()).setCompletionToken(token).build();
    Span span =
        tracing.enabled() && a.request().hasParentTraceContext()
            ? tracing.dispatch(
                "activity",
                h.name(),
                a.request().getParentTraceContext(),
                a.request().getName(),
                a.instanceId(),
                a.queuedAt() < 0 ? -1 : Math.max(0, now - a.queuedAt()))
            : null;
    boolean sent = s.send(item);
    SchedulerTracing.dispatched(span, sent);
    if (!sent) {
      log.debug("Could not send a work item on {}; treating the stream as gone", s);
      return false;
    }
    h.leases().add(TaskLease.activity(token, s, now + config.leaseTimeoutMillis(), a));
    return true;
  }
}
