package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.telemetry.SpanNames;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.protocol.internal.CompleteOrchestrationAction;
import io.durableentities.protocol.internal.EntityLockRequestedEvent;
import io.durableentities.protocol.internal.EntityOperationCalledEvent;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestratorAction;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One completed execution's spans, read from its history and its last episode's actions: see {@link
 * OrchestrationSpans}. Built and emitted once, by the episode that completes the execution.
 */
final class ExecutionTree {

  private record Section(
      String id, List<String> lockSet, Instant requested, Instant granted, Instant unlocked) {}

  private record Call(
      EntityOperationCalledEvent call, int taskId, Instant sent, Instant answered, String error) {}

  private record Signal(EntityOperationSignaledEvent signal, int taskId, Instant sent) {}

  private final Telemetry telemetry;
  private final String instanceId;
  private final HistoryEvent started;
  private final CompleteOrchestrationAction completion;
  private final Instant now;
  private final Map<String, Section> sections = new LinkedHashMap<>();
  private final Map<String, Call> calls = new LinkedHashMap<>();
  private final List<Signal> signals = new ArrayList<>();
  private final Map<String, Span> sectionSpans = new HashMap<>();

  ExecutionTree(
      Telemetry telemetry,
      OrchestratorRequest request,
      HistoryEvent started,
      CompleteOrchestrationAction completion,
      OrchestratorResponse response,
      Instant now) {
    this.telemetry = telemetry;
    this.instanceId = request.getInstanceId();
    this.started = started;
    this.completion = completion;
    this.now = now;
    request.getPastEventsList().forEach(this::read);
    request.getNewEventsList().forEach(this::read);
    for (OrchestratorAction a : response.getActionsList()) {
      if (a.hasSendEntityMessage()) {
        var message = a.getSendEntityMessage();
        if (message.hasEntityUnlockSent()) {
          unlocked(message.getEntityUnlockSent().getCriticalSectionId(), now);
        } else if (message.hasEntityOperationSignaled()) {
          signals.add(new Signal(message.getEntityOperationSignaled(), a.getId(), now));
        }
      }
    }
  }

  private void read(HistoryEvent e) {
    Instant at = Wire.instant(e.getTimestamp());
    switch (e.getEventTypeCase()) {
      case ENTITYLOCKREQUESTED -> {
        EntityLockRequestedEvent r = e.getEntityLockRequested();
        sections.putIfAbsent(
            r.getCriticalSectionId(),
            new Section(r.getCriticalSectionId(), r.getLockSetList(), at, null, null));
      }
      case ENTITYLOCKGRANTED -> {
        Section s = sections.get(e.getEntityLockGranted().getCriticalSectionId());
        if (s != null && s.granted() == null) {
          sections.put(s.id(), new Section(s.id(), s.lockSet(), s.requested(), at, null));
        }
      }
      case ENTITYUNLOCKSENT -> unlocked(e.getEntityUnlockSent().getCriticalSectionId(), at);
      case ENTITYOPERATIONCALLED -> {
        EntityOperationCalledEvent c = e.getEntityOperationCalled();
        calls.putIfAbsent(c.getRequestId(), new Call(c, e.getEventId(), at, null, null));
      }
      case ENTITYOPERATIONCOMPLETED ->
          answered(e.getEntityOperationCompleted().getRequestId(), at, null);
      case ENTITYOPERATIONFAILED ->
          answered(
              e.getEntityOperationFailed().getRequestId(),
              at,
              e.getEntityOperationFailed().getFailureDetails().getErrorType());
      case ENTITYOPERATIONSIGNALED ->
          signals.add(new Signal(e.getEntityOperationSignaled(), e.getEventId(), at));
      default -> {}
    }
  }

  private void unlocked(String criticalSectionId, Instant at) {
    Section s = sections.get(criticalSectionId);
    if (s != null && s.unlocked() == null) {
      sections.put(s.id(), new Section(s.id(), s.lockSet(), s.requested(), s.granted(), at));
    }
  }

  private void answered(String requestId, Instant at, String error) {
    Call c = calls.get(requestId);
    if (c != null && c.answered() == null) {
      calls.put(requestId, new Call(c.call(), c.taskId(), c.sent(), at, error));
    }
  }

  /** Emits the execution's spans under the starter's context. */
  void emit(Context parent) {
    var start = started.getExecutionStarted();
    Span execution =
        telemetry
            .tracer()
            .spanBuilder(SpanNames.of("orchestration", start.getName()))
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setStartTimestamp(Wire.instant(started.getTimestamp()))
            .setAttribute(SpanNames.TYPE, "orchestration")
            .setAttribute(SpanNames.TASK_NAME, start.getName())
            .setAttribute(SpanNames.INSTANCE_ID, instanceId)
            .setAttribute(SpanNames.STATUS, status())
            .startSpan();
    if (OrchestrationSpans.failed(completion)) {
      execution.setStatus(StatusCode.ERROR, completion.getFailureDetails().getErrorMessage());
    }
    Context inside = parent.with(execution);
    Map<String, Context> sectionContexts = new HashMap<>();
    for (Section s : sections.values()) {
      if (s.granted() == null) {
        continue;
      }
      Span acquire =
          child(inside, "entity_lock", "acquire", SpanKind.INTERNAL, s.requested())
              .setAttribute(SpanNames.LOCK_SET, s.lockSet())
              .setAttribute(SpanNames.CRITICAL_SECTION_ID, s.id());
      acquire.end(s.granted());
      Span section =
          child(inside, "entity_lock", "critical_section", SpanKind.INTERNAL, s.granted())
              .setAttribute(SpanNames.LOCK_SET, s.lockSet())
              .setAttribute(SpanNames.CRITICAL_SECTION_ID, s.id());
      sectionContexts.put(s.id(), inside.with(section));
      // Ended after its calls, below.
      sectionSpans.put(s.id(), section);
    }
    for (Call c : calls.values()) {
      if (c.answered() == null) {
        continue;
      }
      String target = c.call().getTargetInstanceId().getValue();
      Context callParent = inside;
      for (Section s : sections.values()) {
        if (s.granted() != null
            && s.lockSet().contains(target)
            && !c.sent().isBefore(s.granted())
            && (s.unlocked() == null || !c.sent().isAfter(s.unlocked()))) {
          callParent = sectionContexts.get(s.id());
        }
      }
      Span span =
          child(callParent, "call_entity", c.call().getOperation(), SpanKind.CLIENT, c.sent())
              .setAttribute(SpanNames.ENTITY_ID, target)
              .setAttribute(SpanNames.ENTITY_OPERATION, c.call().getOperation())
              .setAttribute(SpanNames.TASK_ID, (long) c.taskId());
      if (c.error() != null) {
        span.setAttribute(SpanNames.ERROR_TYPE, c.error());
        span.setStatus(StatusCode.ERROR, "the operation failed with " + c.error());
      }
      span.end(c.answered());
    }
    for (Signal s : signals) {
      Span span =
          child(inside, "signal_entity", s.signal().getOperation(), SpanKind.PRODUCER, s.sent())
              .setAttribute(SpanNames.ENTITY_ID, s.signal().getTargetInstanceId().getValue())
              .setAttribute(SpanNames.ENTITY_OPERATION, s.signal().getOperation())
              .setAttribute(SpanNames.TASK_ID, (long) s.taskId());
      span.end(s.sent());
    }
    for (Section s : sections.values()) {
      Span section = sectionSpans.get(s.id());
      if (section != null) {
        section.end(s.unlocked() != null ? s.unlocked() : now);
      }
    }
    execution.end(now);
  }

  private Span child(Context parent, String type, String name, SpanKind kind, Instant start) {
    return telemetry
        .tracer()
        .spanBuilder(SpanNames.of(type, name))
        .setSpanKind(kind)
        .setParent(parent)
        .setStartTimestamp(start)
        .setAttribute(SpanNames.TYPE, type)
        .setAttribute(SpanNames.INSTANCE_ID, instanceId)
        .startSpan();
  }

  private String status() {
    String name = completion.getOrchestrationStatus().name();
    return name.startsWith("ORCHESTRATION_STATUS_")
        ? name.substring("ORCHESTRATION_STATUS_".length())
        : name;
  }
}
