package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import io.durableentities.client.internal.grpc.ClientContext;
import io.durableentities.client.internal.grpc.ContinuationPages;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationPurgeFilter;
import io.durableentities.orchestration.OrchestrationQuery;
import io.durableentities.protocol.internal.InstanceQuery;
import io.durableentities.protocol.internal.OrchestrationState;
import io.durableentities.protocol.internal.PurgeInstanceFilter;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.QueryInstancesRequest;
import io.durableentities.protocol.internal.QueryInstancesResponse;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The orchestration client's calls on many instances at once: a query, read page by page as its
 * stream is consumed, and a purge by filter, repeated while the scheduler says it deleted only a
 * part.
 */
final class InstanceQueries {

  private final ClientContext context;

  InstanceQueries(ClientContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Purges the finished instances a filter selects.
   *
   * @param filter the filter
   * @return how many instances were deleted
   */
  int purge(OrchestrationPurgeFilter filter) {
    Objects.requireNonNull(filter, "filter");
    PurgeInstanceFilter.Builder proto = PurgeInstanceFilter.newBuilder();
    filter.createdFrom().ifPresent(t -> proto.setCreatedTimeFrom(Wire.timestamp(t)));
    filter.createdTo().ifPresent(t -> proto.setCreatedTimeTo(Wire.timestamp(t)));
    filter.statuses().forEach(s -> proto.addRuntimeStatus(InstanceStates.toProto(s)));
    PurgeInstancesRequest request =
        PurgeInstancesRequest.newBuilder().setPurgeInstanceFilter(proto).build();
    int deleted = 0;
    while (true) {
      PurgeInstancesResponse response =
          context.call("purge orchestration instances " + filter, s -> s.purgeInstances(request));
      deleted += response.getDeletedInstanceCount();
      boolean incomplete = response.hasIsComplete() && !response.getIsComplete().getValue();
      if (!incomplete || response.getDeletedInstanceCount() == 0) {
        return deleted;
      }
    }
  }

  /**
   * Queries instances, fetching a page whenever the stream needs one.
   *
   * @param query the query
   * @return the instances that match it, versions included
   */
  Stream<OrchestrationMetadata> query(OrchestrationQuery query) {
    Objects.requireNonNull(query, "query");
    InstanceQuery.Builder proto =
        InstanceQuery.newBuilder().setFetchInputsAndOutputs(query.fetchInputsAndOutputs());
    query.statuses().forEach(s -> proto.addRuntimeStatus(InstanceStates.toProto(s)));
    query.createdFrom().ifPresent(t -> proto.setCreatedTimeFrom(Wire.timestamp(t)));
    query.createdTo().ifPresent(t -> proto.setCreatedTimeTo(Wire.timestamp(t)));
    query.instanceIdPrefix().ifPresent(p -> proto.setInstanceIdPrefix(StringValue.of(p)));
    query.pageSize().ifPresent(proto::setMaxInstanceCount);
    InstanceQuery built = proto.build();
    return ContinuationPages.stream(
            (String token) -> {
              InstanceQuery.Builder request = built.toBuilder();
              if (token != null) {
                request.setContinuationToken(StringValue.of(token));
              }
              QueryInstancesRequest call =
                  QueryInstancesRequest.newBuilder().setQuery(request).build();
              QueryInstancesResponse response =
                  context.call(
                      "query orchestration instances " + query, s -> s.queryInstances(call));
              return new ContinuationPages.Page<>(
                  response.getOrchestrationStateList(),
                  ContinuationPages.nextToken(
                      response.hasContinuationToken(), response.getContinuationToken()));
            },
            (OrchestrationState state) -> InstanceStates.toMetadata(state, context.dataConverter()))
        .filter(query::matchesVersion);
  }
}
