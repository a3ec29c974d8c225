package io.durableentities.orchestration.internal;

import io.durableentities.client.internal.grpc.WorkItemContext;
import io.durableentities.client.internal.grpc.WorkItemHandler;
import io.durableentities.protocol.internal.ActivityFilter;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Runs activity work items on the {@link ActivityExecutor} and completes them with {@code
 * CompleteActivityTask}, copying the completion token. A failing activity completes with its
 * failure details; an exception or {@link Error} escaping the executor propagates, and the worker
 * abandons the item.
 */
public final class ActivityWorkItemHandler implements WorkItemHandler {

  private final ActivityExecutor executor;
  private final Set<String> names;
  private final int maxConcurrency;

  /**
   * Creates a handler.
   *
   * @param executor runs the activities
   * @param names the activity names, sent as work-item filters
   * @param maxConcurrency how many activities run at once
   */
  public ActivityWorkItemHandler(ActivityExecutor executor, Set<String> names, int maxConcurrency) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.names = Set.copyOf(names);
    this.maxConcurrency = maxConcurrency;
  }

  @Override
  public Set<WorkItem.RequestCase> kinds() {
    return EnumSet.of(WorkItem.RequestCase.ACTIVITYREQUEST);
  }

  @Override
  public int maxConcurrency() {
    return maxConcurrency;
  }

  @Override
  public void contribute(GetWorkItemsRequest.Builder request) {
    names.stream()
        .sorted()
        .forEach(
            name ->
                request
                    .getWorkItemFiltersBuilder()
                    .addActivities(ActivityFilter.newBuilder().setName(name)));
  }

  @Override
  public void handle(WorkItem item, WorkItemContext context) {
    context.completeActivity(
        executor.execute(item.getActivityRequest()).toBuilder()
            .setCompletionToken(item.getCompletionToken())
            .build());
  }
}
