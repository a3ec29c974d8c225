package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.TraceParents;
import io.durableentities.scheduler.internal.engine.DroppedReport;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.durableentities.scheduler.internal.engine.EntityDetail;
import io.durableentities.scheduler.internal.engine.HeldLock;
import io.durableentities.scheduler.internal.engine.InstanceFilter;
import io.durableentities.scheduler.internal.engine.LockTable;
import io.durableentities.scheduler.internal.engine.QueuedRequest;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code GET /api/...} reads, answered from the engine's memory. */
final class ReadApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final EngineFacade engine;
  private final RequestGuard guard;
  private final int grpcPort;

  ReadApi(EngineFacade engine, RequestGuard guard, int grpcPort) {
    this.engine = engine;
    this.guard = guard;
    this.grpcPort = grpcPort;
  }

  /** Answers a read, or throws {@link ApiError} 404 for an unknown path. */
  ObjectNode read(ApiCall call) {
    String[] parts = call.path.split("/", 2);
    String id = parts.length > 1 && !parts[1].isEmpty() ? ApiCall.decodeSegment(parts[1]) : null;
    return switch (parts[0]) {
      case "session" -> session();
      case "hubs" -> hubs();
      case "orchestrations" -> id == null ? instances(call) : instance(call, id);
      case "entities" -> id == null ? entityPage(call) : entity(call, id);
      case "locks" -> locks(call);
      case "memory" -> memory();
      default -> throw ApiError.notFound("No API endpoint GET /api/" + call.path);
    };
  }

  private ObjectNode session() {
    ObjectNode out = hubs();
    out.put("token", guard.token());
    out.put("grpcPort", grpcPort);
    return out;
  }

  /** What memory holds now, over all task hubs (for monitoring; the database holds everything). */
  private ObjectNode memory() {
    ObjectNode out = NODES.objectNode();
    out.put("residentEntities", engine.residentEntities());
    return out;
  }

  private ObjectNode hubs() {
    List<String> hubs = new ArrayList<>(engine.hubs());
    if (!hubs.contains("default")) {
      hubs.add(0, "default");
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("hubs");
    hubs.forEach(list::add);
    return out;
  }

  private ObjectNode instances(ApiCall call) {
    Set<OrchestrationStatus> statuses = EnumSet.noneOf(OrchestrationStatus.class);
    for (String s : call.param("status", "").split(",")) {
      if (!s.isBlank()) {
        statuses.add(status(s.trim()));
      }
    }
    String token = call.param("continuationToken", null);
    InstanceFilter filter =
        new InstanceFilter(
            statuses,
            call.param("name", ""),
            call.param("prefix", ""),
            call.timeParam("createdFrom", Long.MIN_VALUE),
            call.timeParam("createdTo", Long.MAX_VALUE),
            call.intParam("pageSize", 50, 1, 500),
            token == null ? null : decodeToken(token));
    QueryInstancesResponse page = engine.instances(call.hub(), filter);
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("instances");
    for (OrchestrationState s : page.getOrchestrationStateList()) {
      list.add(ProtoJson.object(s));
    }
    out.put(
        "continuationToken",
        page.hasContinuationToken() ? encodeToken(page.getContinuationToken().getValue()) : null);
    ObjectNode counts = out.putObject("counts");
    for (Map.Entry<OrchestrationStatus, Integer> c : engine.statusCounts(call.hub()).entrySet()) {
      counts.put(ProtoJson.enumName(c.getKey().getValueDescriptor()), c.getValue());
    }
    return out;
  }

  private static OrchestrationStatus status(String name) {
    try {
      return OrchestrationStatus.valueOf("ORCHESTRATION_STATUS_" + name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "Unknown status '"
              + name
              + "'; use RUNNING, COMPLETED, CONTINUED_AS_NEW, FAILED, CANCELED, TERMINATED, PENDING"
              + " or SUSPENDED");
    }
  }

  private ObjectNode instance(ApiCall call, String id) {
    if (id.startsWith("@")) {
      throw ApiError.badRequest(
          "'" + id + "' is an entity id; read entities with GET /api/entities/{id}");
    }
    GetInstanceResponse r =
        engine.getInstance(
            call.hub(),
            GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build());
    if (!r.getExists()) {
      throw ApiError.notFound("No orchestration instance '" + id + "' in task hub " + call.hub());
    }
    ObjectNode out = NODES.objectNode();
    out.set("instance", ProtoJson.object(r.getOrchestrationState()));
    OrchestrationState state = r.getOrchestrationState();
    out.put(
        "hosted",
        engine.hostsOrchestration(
            call.hub(),
            state.getName(),
            state.hasVersion() ? state.getVersion().getValue() : null));
    List<HistoryEvent> events = engine.history(call.hub(), id, null);
    out.set("trace", trace(events));
    ArrayNode history = out.putArray("history");
    for (HistoryEvent e : events) {
      history.add(ProtoJson.event(e));
    }
    return out;
  }

  /**
   * The trace context the current execution was started with ({@code
   * ExecutionStartedEvent.parentTraceContext}): its trace id and span id, to paste into a tracing
   * UI; JSON null when it was started without one (or with one that cannot be read).
   */
  private static JsonNode trace(List<HistoryEvent> events) {
    for (HistoryEvent e : events) {
      if (e.hasExecutionStarted()) {
        TraceContext wire =
            e.getExecutionStarted().hasParentTraceContext()
                ? e.getExecutionStarted().getParentTraceContext()
                : null;
        SpanContext span = TraceParents.spanContext(wire);
        if (!span.isValid()) {
          return NODES.nullNode();
        }
        ObjectNode out = NODES.objectNode();
        out.put("traceId", span.getTraceId());
        out.put("spanId", span.getSpanId());
        out.put("sampled", span.isSampled());
        out.put("traceParent", wire.getTraceParent());
        return out;
      }
    }
    return NODES.nullNode();
  }

  private ObjectNode entityPage(ApiCall call) {
    EntityQuery.Builder q =
        EntityQuery.newBuilder()
            .setIncludeTransient(true)
            .setPageSize(Int32Value.of(call.intParam("pageSize", 50, 1, 500)));
    String prefix = call.param("prefix", null);
    if (prefix != null) {
      q.setInstanceIdStartsWith(StringValue.of(prefix));
    }
    String token = call.param("continuationToken", null);
    if (token != null) {
      q.setContinuationToken(StringValue.of(token));
    }
    QueryEntitiesResponse page =
        engine.queryEntities(call.hub(), QueryEntitiesRequest.newBuilder().setQuery(q).build());
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("entities");
    for (EntityMetadata m : page.getEntitiesList()) {
      list.add(ProtoJson.object(m));
    }
    out.put(
        "continuationToken",
        page.hasContinuationToken() ? page.getContinuationToken().getValue() : null);
    DroppedReport dropped = engine.dropped(call.hub());
    ObjectNode drops = out.putObject("dropped");
    drops.put("count", dropped.count());
    ArrayNode latest = drops.putArray("latest");
    for (DroppedReport.Dropped d : dropped.latest()) {
      ObjectNode o = latest.addObject();
      o.put("entityId", d.entityId());
      o.put("operation", d.operation());
      o.put("requestId", d.requestId());
      o.put("call", d.call());
      o.put("reason", d.reason());
      o.set("at", ProtoJson.millis(d.atMillis()));
    }
    return out;
  }

  private ObjectNode entity(ApiCall call, String id) {
    EntityDetail detail = engine.entity(call.hub(), id);
    if (detail == null) {
      throw ApiError.notFound("No entity '" + id + "' in task hub " + call.hub());
    }
    ObjectNode out = NODES.objectNode();
    out.set("entity", ProtoJson.object(detail.metadata()));
    out.set("lock", detail.lock() == null ? NODES.nullNode() : lock(detail.lock()));
    out.put("queueSize", detail.queueSize());
    out.put("hosted", detail.hosted());
    ArrayNode queue = out.putArray("queue");
    detail.queue().forEach(r -> queue.add(request(r)));
    return out;
  }

  private ObjectNode locks(ApiCall call) {
    LockTable table = engine.locks(call.hub());
    ObjectNode out = NODES.objectNode();
    ArrayNode held = out.putArray("held");
    table.held().forEach(l -> held.add(lock(l)));
    ArrayNode waiting = out.putArray("waiting");
    table.waiting().forEach(r -> waiting.add(request(r)));
    return out;
  }

  private static ObjectNode lock(HeldLock l) {
    ObjectNode out = NODES.objectNode();
    out.put("entityId", l.entityId());
    out.put("holder", l.holder());
    out.put("criticalSectionId", l.criticalSectionId());
    out.put(
        "holderStatus",
        l.holderStatus() == null
            ? null
            : ProtoJson.enumName(l.holderStatus().getValueDescriptor()));
    out.put("holderRunning", l.holderRunning());
    out.set("requestedAt", ProtoJson.millis(l.requestedAtMillis()));
    out.set("grantedAt", ProtoJson.millis(l.grantedAtMillis()));
    ArrayNode set = out.putArray("lockSet");
    l.lockSet().forEach(set::add);
    return out;
  }

  private static ObjectNode request(QueuedRequest r) {
    ObjectNode out = NODES.objectNode();
    out.put("entityId", r.entityId());
    out.put("kind", r.kind());
    out.put("operation", r.operation());
    out.put("from", r.from());
    out.put("criticalSectionId", r.criticalSectionId());
    out.set("enqueuedAt", ProtoJson.millis(r.enqueuedAtMillis()));
    out.set("dueAt", ProtoJson.millis(r.dueAtMillis()));
    out.put("attempts", r.attempts());
    out.put("blockedBy", r.blockedBy());
    return out;
  }

  private static String encodeToken(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("Invalid continuationToken: pass back the one of the last page");
    }
  }
}
