package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.ListInstanceIdsResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.scheduler.internal.engine.entity.EntityQueries;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.grpc.Status;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * {@code GetInstance}, {@code QueryInstances} and {@code ListInstanceIds}, answered from memory
 * under the writer lock. Entities are never instances here. Pages follow instance-id order; the
 * continuation token is the last id looked at (opaque, base64url).
 */
public final class OrchestrationQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final CurrentState current;

  public OrchestrationQueries(CurrentState current) {
    this.current = current;
  }

  /** {@code GetInstance} ({@code exists=false} for unknown and entity ids). */
  public GetInstanceResponse get(String hub, String instanceId, boolean includeInputsAndOutputs) {
    return current.read(
        s -> {
          HubState h = s.hub(hub);
          return response(h == null ? null : h.instance(instanceId), includeInputsAndOutputs);
        });
  }

  static GetInstanceResponse response(OrchestrationRuntime o, boolean includeInputsAndOutputs) {
    if (o == null) {
      return GetInstanceResponse.newBuilder().setExists(false).build();
    }
    return GetInstanceResponse.newBuilder()
        .setExists(true)
        .setOrchestrationState(state(o, includeInputsAndOutputs))
        .build();
  }

  /** An instance as the RPCs and the dashboard show it. */
  public static OrchestrationState state(OrchestrationRuntime o, boolean includeInputsAndOutputs) {
    OrchestrationState.Builder s =
        OrchestrationState.newBuilder()
            .setInstanceId(o.instanceId())
            .setName(o.name())
            .setOrchestrationStatus(o.status())
            .setCreatedTimestamp(Protos.timestamp(o.createdAt()))
            .setLastUpdatedTimestamp(Protos.timestamp(o.lastUpdated()))
            .setExecutionId(StringValue.of(o.executionId()));
    if (o.version() != null) {
      s.setVersion(StringValue.of(o.version()));
    }
    if (o.scheduledStart() > 0) {
      s.setScheduledStartTimestamp(Protos.timestamp(o.scheduledStart()));
    }
    if (o.completedAt() > 0) {
      s.setCompletedTimestamp(Protos.timestamp(o.completedAt()));
    }
    if (o.customStatus() != null) {
      s.setCustomStatus(StringValue.of(o.customStatus()));
    }
    if (o.failure() != null) {
      s.setFailureDetails(o.failure());
    }
    if (o.parent() != null) {
      s.setParentInstanceId(StringValue.of(o.parent().getOrchestrationInstance().getInstanceId()));
    }
    if (includeInputsAndOutputs) {
      if (o.input() != null) {
        s.setInput(StringValue.of(o.input()));
      }
      if (o.output() != null) {
        s.setOutput(StringValue.of(o.output()));
      }
    }
    return s.build();
  }

  /** {@code QueryInstances}: one page in id order. */
  public QueryInstancesResponse query(String hub, InstanceQuery q) {
    int pageSize =
        q.getMaxInstanceCount() > 0
            ? Math.min(q.getMaxInstanceCount(), MAX_PAGE_SIZE)
            : DEFAULT_PAGE_SIZE;
    String after =
        q.hasContinuationToken() && !q.getContinuationToken().getValue().isEmpty()
            ? EntityQueries.decodeToken(q.getContinuationToken().getValue())
            : null;
    String prefix = q.hasInstanceIdPrefix() ? q.getInstanceIdPrefix().getValue() : "";
    Set<OrchestrationStatus> statuses = Set.copyOf(q.getRuntimeStatusList());
    long from = q.hasCreatedTimeFrom() ? Protos.millis(q.getCreatedTimeFrom()) : Long.MIN_VALUE;
    long to = q.hasCreatedTimeTo() ? Protos.millis(q.getCreatedTimeTo()) : Long.MAX_VALUE;
    QueryInstancesResponse.Builder page = QueryInstancesResponse.newBuilder();
    return current.read(
        s -> queryPage(s.hub(hub), q, page, pageSize, after, prefix, statuses, from, to));
  }

  private static QueryInstancesResponse queryPage(
      HubState h,
      InstanceQuery q,
      QueryInstancesResponse.Builder page,
      int pageSize,
      String after,
      String prefix,
      Set<OrchestrationStatus> statuses,
      long from,
      long to) {
    if (h == null) {
      return page.build();
    }
    NavigableMap<String, OrchestrationRuntime> range =
        after != null && after.compareTo(prefix) >= 0
            ? h.instances().tailMap(after, false)
            : h.instances().tailMap(prefix, true);
    String last = null;
    for (Map.Entry<String, OrchestrationRuntime> entry : range.entrySet()) {
      String id = entry.getKey();
      if (!id.startsWith(prefix)) {
        break;
      }
      OrchestrationRuntime o = entry.getValue();
      if ((!statuses.isEmpty() && !statuses.contains(o.status()))
          || o.createdAt() < from
          || o.createdAt() > to) {
        continue;
      }
      if (page.getOrchestrationStateCount() >= pageSize) {
        return page.setContinuationToken(StringValue.of(EntityQueries.encodeToken(last))).build();
      }
      page.addOrchestrationState(state(o, q.getFetchInputsAndOutputs()));
      last = id;
    }
    return page.build();
  }

  /** {@code ListInstanceIds}: one page in id order after {@code lastInstanceKey}. */
  public ListInstanceIdsResponse listIds(String hub, ListInstanceIdsRequest r) {
    if (r.getPageSize() < 0) {
      throw Status.INVALID_ARGUMENT
          .withDescription("ListInstanceIds: pageSize must not be negative")
          .asRuntimeException();
    }
    int pageSize =
        r.getPageSize() > 0 ? Math.min(r.getPageSize(), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    String after =
        r.hasLastInstanceKey() && !r.getLastInstanceKey().getValue().isEmpty()
            ? r.getLastInstanceKey().getValue()
            : null;
    Set<OrchestrationStatus> statuses = Set.copyOf(r.getRuntimeStatusList());
    long from = r.hasCompletedTimeFrom() ? Protos.millis(r.getCompletedTimeFrom()) : Long.MIN_VALUE;
    long to = r.hasCompletedTimeTo() ? Protos.millis(r.getCompletedTimeTo()) : Long.MAX_VALUE;
    boolean byCompletion = r.hasCompletedTimeFrom() || r.hasCompletedTimeTo();
    ListInstanceIdsResponse.Builder page = ListInstanceIdsResponse.newBuilder();
    return current.read(
        s -> listPage(s.hub(hub), page, pageSize, after, statuses, from, to, byCompletion));
  }

  private static ListInstanceIdsResponse listPage(
      HubState h,
      ListInstanceIdsResponse.Builder page,
      int pageSize,
      String after,
      Set<OrchestrationStatus> statuses,
      long from,
      long to,
      boolean byCompletion) {
    if (h == null) {
      return page.build();
    }
    NavigableMap<String, OrchestrationRuntime> range =
        after == null ? h.instances() : h.instances().tailMap(after, false);
    for (OrchestrationRuntime o : range.values()) {
      if ((!statuses.isEmpty() && !statuses.contains(o.status()))
          || (byCompletion
              && (o.completedAt() == 0 || o.completedAt() < from || o.completedAt() > to))) {
        continue;
      }
      if (page.getInstanceIdsCount() >= pageSize) {
        return page.setLastInstanceKey(
                StringValue.of(page.getInstanceIds(page.getInstanceIdsCount() - 1)))
            .build();
      }
      page.addInstanceIds(o.instanceId());
    }
    return page.build();
  }
}
