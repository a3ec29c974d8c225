package io.durableentities.scheduler.internal.telemetry;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.CreateSubOrchestrationAction;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.ScheduleTaskAction;
import io.durableentities.protocol.internal.SendEntityMessageAction;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.StartNewOrchestrationAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.TraceParents;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;

/**
 * The scheduler's spans (listed in {@code docs/observability.md}), each a child of the W3C trace
 * context a request or a work item carries; the scheduler never starts a trace of its own.
 *
 * <ul>
 *   <li>{@code receive:<request>} (CONSUMER, {@code messaging.operation.type=receive}): from the
 *       receipt of a request (a signal, an orchestration start, an orchestrator's scheduled
 *       activity, sub-orchestration or entity message, an entity's signal or orchestration start)
 *       to the commit of its group, with the events {@code write} (the writer runs it) and {@code
 *       commit} (its group's commit starts) and the group's size and commit time as attributes.
 *       Started on the transport thread (an orchestration's entity messages on the writer,
 *       backdated: see {@link ReceiveSpans}); the writer adds the events and ends it.
 *   <li>{@code dispatch:orchestrator} / {@code dispatch:activity} (PRODUCER, {@code
 *       messaging.operation.type=send}): the hand-over of a work item to a worker's stream, with
 *       how long its oldest event waited for it ({@value #QUEUE_WAIT_NAME}).
 * </ul>
 *
 * <p>With the no-op OpenTelemetry (no SDK) {@link Tracer#isEnabled()} is false and every method
 * returns before it reads a trace context or allocates; a request without a trace context (or with
 * one that cannot be read) gets no span either: with no parent there is no trace to join, and
 * sampling a new one is the caller's SDK's decision, not the scheduler's.
 */
public final class SchedulerTracing {

  static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("messaging.operation.name");
  static final AttributeKey<String> ENTITY_ID =
      AttributeKey.stringKey("durabletask.entity.instance_id");
  static final AttributeKey<String> ENTITY_OPERATION =
      AttributeKey.stringKey("durabletask.entity.operation");
  static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("durabletask.task.name");
  static final AttributeKey<String> INSTANCE_ID =
      AttributeKey.stringKey("durabletask.task.instance_id");
  static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("durabletask.task.task_id");
  static final AttributeKey<Long> GROUP_SIZE =
      AttributeKey.longKey("durableentities.commit.group_size");
  static final AttributeKey<Double> COMMIT_DURATION =
      AttributeKey.doubleKey("durableentities.commit.duration");
  static final AttributeKey<List<String>> LOCK_SET =
      AttributeKey.stringArrayKey("durabletask.entity.lock_set");
  static final AttributeKey<String> CRITICAL_SECTION_ID =
      AttributeKey.stringKey("durabletask.entity.critical_section_id");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static final String QUEUE_WAIT_NAME = "durableentities.dispatch.queue_wait";
  static final AttributeKey<Double> QUEUE_WAIT = AttributeKey.doubleKey(QUEUE_WAIT_NAME);

  private final Tracer tracer;

  /**
   * Spans from a tracer.
   *
   * @param tracer the tracer of this library's scope
   */
  public SchedulerTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Tells whether spans can be recorded at all (false with the no-op OpenTelemetry).
   *
   * @return whether tracing is on
   */
  public boolean enabled() {
    return tracer.isEnabled();
  }

  /**
   * The receive span of a signal, or null (tracing off, no trace context).
   *
   * @param hub the task hub
   * @param req the signal
   * @return the span to watch the signal through the writer, or null
   */
  public ReceiveSpans signal(String hub, SignalEntityRequest req) {
    if (!enabled() || !req.hasParentTraceContext()) {
      return null;
    }
    SpanBuilder b = receive("signal_entity", hub, req.getParentTraceContext());
    if (b == null) {
      return null;
    }
    b.setAttribute(ENTITY_ID, req.getInstanceId()).setAttribute(ENTITY_OPERATION, req.getName());
    return new ReceiveSpans().add(b.startSpan());
  }

  /**
   * The receive span of an orchestration start, or null (tracing off, no trace context).
   *
   * @param hub the task hub
   * @param req the start
   * @return the span to watch the start through the writer, or null
   */
  public ReceiveSpans start(String hub, CreateInstanceRequest req) {
    if (!enabled() || !req.hasParentTraceContext()) {
      return null;
    }
    SpanBuilder b = receive("create_orchestration", hub, req.getParentTraceContext());
    if (b == null) {
      return null;
    }
    b.setAttribute(TASK_NAME, req.getName()).setAttribute(INSTANCE_ID, req.getInstanceId());
    return new ReceiveSpans().add(b.startSpan());
  }

  /**
   * The receive spans of the actions of an orchestrator's completion that carry a trace context
   * (scheduled activities and sub-orchestrations), or null when none does (or tracing is off). When
   * the completion sends entity messages, the spans are returned even if empty: the writer adds
   * those of the messages ({@link ReceiveSpans#entityMessage}), whose trace context it derives from
   * the orchestration's history.
   *
   * @param hub the task hub
   * @param r the completion
   * @return the spans to watch the completion through the writer, or null
   */
  public ReceiveSpans actions(String hub, OrchestratorResponse r) {
    if (!enabled()) {
      return null;
    }
    ReceiveSpans spans = null;
    for (OrchestratorAction a : r.getActionsList()) {
      if (a.hasSendEntityMessage() && spans == null) {
        spans = new ReceiveSpans(this, hub, epochNanos());
      }
      SpanBuilder b = null;
      if (a.hasScheduleTask() && a.getScheduleTask().hasParentTraceContext()) {
        ScheduleTaskAction t = a.getScheduleTask();
        b = receive("schedule_task", hub, t.getParentTraceContext());
        if (b != null) {
          b.setAttribute(TASK_NAME, t.getName());
        }
      } else if (a.hasCreateSubOrchestration()
          && a.getCreateSubOrchestration().hasParentTraceContext()) {
        CreateSubOrchestrationAction c = a.getCreateSubOrchestration();
        b = receive("create_sub_orchestration", hub, c.getParentTraceContext());
        if (b != null) {
          b.setAttribute(TASK_NAME, c.getName())
              .setAttribute("durabletask.sub_orchestration.instance_id", c.getInstanceId());
        }
      }
      if (b != null) {
        b.setAttribute(INSTANCE_ID, r.getInstanceId()).setAttribute(TASK_ID, (long) a.getId());
        spans = (spans == null ? new ReceiveSpans() : spans).add(b.startSpan());
      }
    }
    return spans;
  }

  /**
   * The receive span of an entity message an orchestration sends (a signal, a call or a lock
   * request; an unlock gets none), not started, or null (another action, no trace context).
   */
  SpanBuilder entityMessage(
      String hub, String instanceId, OrchestratorAction a, TraceContext trace) {
    if (!a.hasSendEntityMessage()) {
      return null;
    }
    SendEntityMessageAction m = a.getSendEntityMessage();
    SpanBuilder b;
    switch (m.getEntityMessageTypeCase()) {
      case ENTITYOPERATIONSIGNALED -> {
        EntityOperationSignaledEvent e = m.getEntityOperationSignaled();
        b = entityOperation("signal_entity", hub, trace, e.getTargetInstanceId(), e.getOperation());
      }
      case ENTITYOPERATIONCALLED -> {
        EntityOperationCalledEvent e = m.getEntityOperationCalled();
        b = entityOperation("call_entity", hub, trace, e.getTargetInstanceId(), e.getOperation());
      }
      case ENTITYLOCKREQUESTED -> {
        EntityLockRequestedEvent e = m.getEntityLockRequested();
        b = receive("lock_entities", hub, trace);
        if (b != null) {
          b.setAttribute(LOCK_SET, e.getLockSetList())
              .setAttribute(CRITICAL_SECTION_ID, e.getCriticalSectionId());
        }
      }
      default -> b = null;
    }
    if (b != null) {
      b.setAttribute(INSTANCE_ID, instanceId).setAttribute(TASK_ID, (long) a.getId());
    }
    return b;
  }

  private SpanBuilder entityOperation(
      String request, String hub, TraceContext trace, StringValue target, String operation) {
    SpanBuilder b = receive(request, hub, trace);
    if (b != null) {
      b.setAttribute(ENTITY_ID, target.getValue()).setAttribute(ENTITY_OPERATION, operation);
    }
    return b;
  }

  /**
   * The receive spans of the actions of an entity batch's completion that carry a trace context (an
   * entity's signal to an entity, its start of an orchestration), or null when none does (or
   * tracing is off).
   *
   * @param hub the task hub
   * @param r the batch's result
   * @return the spans to watch the completion through the writer, or null
   */
  public ReceiveSpans batchActions(String hub, EntityBatchResult r) {
    if (!enabled() || r.getActionsCount() == 0) {
      return null;
    }
    ReceiveSpans spans = null;
    for (OperationAction a : r.getActionsList()) {
      SpanBuilder b = null;
      if (a.hasSendSignal() && a.getSendSignal().hasParentTraceContext()) {
        SendSignalAction sig = a.getSendSignal();
        b = receive("signal_entity", hub, sig.getParentTraceContext());
        if (b != null) {
          b.setAttribute(ENTITY_ID, sig.getInstanceId())
              .setAttribute(ENTITY_OPERATION, sig.getName());
        }
      } else if (a.hasStartNewOrchestration()
          && a.getStartNewOrchestration().hasParentTraceContext()) {
        StartNewOrchestrationAction st = a.getStartNewOrchestration();
        b = receive("create_orchestration", hub, st.getParentTraceContext());
        if (b != null) {
          b.setAttribute(TASK_NAME, st.getName()).setAttribute(INSTANCE_ID, st.getInstanceId());
        }
      }
      if (b != null) {
        spans = (spans == null ? new ReceiveSpans() : spans).add(b.startSpan());
      }
    }
    return spans;
  }

  /** The wall-clock time in nanoseconds since the epoch, for spans started after the fact. */
  static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private SpanBuilder receive(String request, String hub, TraceContext wire) {
    Context parent = TraceParents.parent(wire);
    if (parent == null) {
      return null;
    }
    return tracer
        .spanBuilder("receive:" + request)
        .setParent(parent)
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(OPERATION_TYPE, "receive")
        .setAttribute(OPERATION_NAME, request)
        .setAttribute(SchedulerMetrics.TASK_HUB, hub);
  }

  /**
   * Starts the span of a work item's dispatch, or returns null (tracing off, no trace context).
   *
   * @param kind {@code orchestrator} or {@code activity}
   * @param hub the task hub
   * @param wire the trace context the work item continues (the orchestration's start, or the
   *     activity's scheduling), or null
   * @param name the orchestration's or activity's name
   * @param instanceId the orchestration instance
   * @param queueWaitMillis how long the work item's oldest event waited, or -1 when not known
   * @return the span, to end with {@link #dispatched}
   */
  public Span dispatch(
      String kind,
      String hub,
      TraceContext wire,
      String name,
      String instanceId,
      long queueWaitMillis) {
    Context parent = TraceParents.parent(wire);
    if (parent == null) {
      return null;
    }
    SpanBuilder b =
        tracer
            .spanBuilder("dispatch:" + kind)
            .setParent(parent)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(OPERATION_TYPE, "send")
            .setAttribute(OPERATION_NAME, "dispatch")
            .setAttribute(SchedulerMetrics.TASK_HUB, hub)
            .setAttribute(TASK_NAME, name)
            .setAttribute(INSTANCE_ID, instanceId);
    if (queueWaitMillis >= 0) {
      b.setAttribute(QUEUE_WAIT, queueWaitMillis / 1000.0);
    }
    return b.startSpan();
  }

  /**
   * Ends a dispatch span.
   *
   * @param span the span from {@link #dispatch}, or null
   * @param sent whether the stream took the work item (else it is dispatched again later)
   */
  public static void dispatched(Span span, boolean sent) {
    if (span == null) {
      return;
    }
    if (!sent) {
      span.setStatus(StatusCode.ERROR, "the worker's stream is gone; dispatched again later");
    }
    span.end();
  }
}
