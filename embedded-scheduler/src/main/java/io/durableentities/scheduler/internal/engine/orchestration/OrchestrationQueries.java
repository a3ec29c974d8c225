package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.ListInstanceIdsRequest;
import io.durableentities.protocol.internal.ListInstanceIdsResponse;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.scheduler.internal.engine.entity.EntityQueries;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.InstanceRow;
import io.durableentities.scheduler.internal.store.InstanceSelection;
import io.grpc.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GetInstance}, {@code QueryInstances} and {@code ListInstanceIds}. Memory holds only the
 * active instances, so these read the store's committed rows ({@link InstanceReads}); {@code
 * GetInstance} answers an active instance from memory. Entities are never instances here. Pages
 * follow the store's instance-id order; the continuation token is the last id of the page (opaque,
 * base64url).
 */
public final class OrchestrationQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  private final CurrentState current;
  private final InstanceReads reads;

  public OrchestrationQueries(CurrentState current, InstanceReads reads) {
    this.current = current;
    this.reads = reads;
  }

  /** {@code GetInstance} ({@code exists=false} for unknown and entity ids). */
  public GetInstanceResponse get(String hub, String instanceId, boolean includeInputsAndOutputs) {
    String what = "GetInstance: could not read orchestration '" + instanceId + "'";
    GetInstanceResponse inMemory =
        current.read(
            s -> {
              HubState h = s.hub(hub);
              OrchestrationRuntime o = h == null ? null : h.instance(instanceId);
              if (o != null) {
                return response(o.toRow(), includeInputsAndOutputs);
              }
              return reads.underLock()
                  ? response(
                      reads.locked(what, r -> r.instance(hub, instanceId)), includeInputsAndOutputs)
                  : null;
            });
    if (inMemory != null) {
      return inMemory;
    }
    return response(
        reads.committed(what, r -> r.instance(hub, instanceId)), includeInputsAndOutputs);
  }

  static GetInstanceResponse response(InstanceRow o, boolean includeInputsAndOutputs) {
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
    return state(o.toRow(), includeInputsAndOutputs);
  }

  /** A stored instance as the RPCs and the dashboard show it. */
  public static OrchestrationState state(InstanceRow o, boolean includeInputsAndOutputs) {
    OrchestrationState.Builder s =
        OrchestrationState.newBuilder()
            .setInstanceId(o.instanceId())
            .setName(o.name())
            .setOrchestrationStatus(OrchestrationStatus.forNumber(o.status()))
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
    TaskFailureDetails failure = Protos.parseFailure(o.failureDetails());
    if (failure != null) {
      s.setFailureDetails(failure);
    }
    if (o.parentInstanceId() != null) {
      s.setParentInstanceId(StringValue.of(o.parentInstanceId()));
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
    long from = q.hasCreatedTimeFrom() ? Protos.millis(q.getCreatedTimeFrom()) : Long.MIN_VALUE;
    long to = q.hasCreatedTimeTo() ? Protos.millis(q.getCreatedTimeTo()) : Long.MAX_VALUE;
    boolean fromAfter = after != null && after.compareTo(prefix) >= 0;
    InstanceSelection selection =
        new InstanceSelection(
            hub,
            fromAfter ? after : prefix,
            !fromAfter,
            numbers(q.getRuntimeStatusList()),
            false,
            from,
            to,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            pageSize + 1);
    List<InstanceRow> rows = page(hub, "QueryInstances", selection, prefix, pageSize);
    QueryInstancesResponse.Builder page = QueryInstancesResponse.newBuilder();
    for (int i = 0; i < Math.min(rows.size(), pageSize); i++) {
      page.addOrchestrationState(state(rows.get(i), q.getFetchInputsAndOutputs()));
    }
    if (rows.size() > pageSize) {
      page.setContinuationToken(
          StringValue.of(EntityQueries.encodeToken(rows.get(pageSize - 1).instanceId())));
    }
    return page.build();
  }

  /**
   * Up to {@code limit + 1} committed rows a selection names whose ids start with {@code prefix}
   * (the one more tells that another page follows).
   */
  private List<InstanceRow> page(
      String hub, String rpc, InstanceSelection selection, String prefix, int limit) {
    List<InstanceRow> rows =
        reads.committed(
            rpc + ": could not read the orchestrations of hub '" + hub + "'",
            r -> r.instances(selection));
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).instanceId().startsWith(prefix)) {
        return rows.subList(0, i);
      }
    }
    return rows.size() > limit ? rows.subList(0, limit + 1) : rows;
  }

  private static Set<Integer> numbers(List<OrchestrationStatus> statuses) {
    Set<Integer> out = new HashSet<>();
    statuses.forEach(st -> out.add(st.getNumber()));
    return out;
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
    long from = r.hasCompletedTimeFrom() ? Protos.millis(r.getCompletedTimeFrom()) : Long.MIN_VALUE;
    long to = r.hasCompletedTimeTo() ? Protos.millis(r.getCompletedTimeTo()) : Long.MAX_VALUE;
    boolean byCompletion = r.hasCompletedTimeFrom() || r.hasCompletedTimeTo();
    InstanceSelection selection =
        new InstanceSelection(
            hub,
            after == null ? "" : after,
            after == null,
            numbers(r.getRuntimeStatusList()),
            false,
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            byCompletion ? from : Long.MIN_VALUE,
            byCompletion ? to : Long.MAX_VALUE,
            pageSize + 1);
    List<InstanceRow> rows = page(hub, "ListInstanceIds", selection, "", pageSize);
    ListInstanceIdsResponse.Builder page = ListInstanceIdsResponse.newBuilder();
    for (int i = 0; i < Math.min(rows.size(), pageSize); i++) {
      page.addInstanceIds(rows.get(i).instanceId());
    }
    if (rows.size() > pageSize) {
      page.setLastInstanceKey(StringValue.of(rows.get(pageSize - 1).instanceId()));
    }
    return page.build();
  }
}
