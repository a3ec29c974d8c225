package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.protocol.internal.AbandonEntityTaskRequest;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A raw worker: one connection, one GetWorkItems stream, items collected in a queue. */
final class TestWorker implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private final ManagedChannel channel;
  private final TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub;
  private final BlockingQueue<WorkItem> items = new LinkedBlockingQueue<>();
  private volatile ClientCallStreamObserver<GetWorkItemsRequest> call;
  private volatile Throwable error;
  private volatile boolean completed;

  TestWorker(ManagedChannel channel, String hub, GetWorkItemsRequest request) {
    this.channel = channel;
    this.stub = SchedulerHarness.withHub(TaskHubSidecarServiceGrpc.newBlockingStub(channel), hub);
    SchedulerHarness.withHub(TaskHubSidecarServiceGrpc.newStub(channel), hub)
        .getWorkItems(
            request,
            new ClientResponseObserver<GetWorkItemsRequest, WorkItem>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<GetWorkItemsRequest> s) {
                call = s;
              }

              @Override
              public void onNext(WorkItem value) {
                items.add(value);
              }

              @Override
              public void onError(Throwable t) {
                error = t;
              }

              @Override
              public void onCompleted() {
                completed = true;
              }
            });
  }

  private final java.util.List<WorkItem> stashed = new java.util.ArrayList<>();

  /** The next work item of a kind (others are kept for later), waiting up to the deadline. */
  WorkItem next(WorkItem.RequestCase kind) throws InterruptedException {
    for (int i = 0; i < stashed.size(); i++) {
      if (stashed.get(i).getRequestCase() == kind) {
        return stashed.remove(i);
      }
    }
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      WorkItem item = left <= 0 ? null : items.poll(left, TimeUnit.NANOSECONDS);
      assertThat(item)
          .as("a " + kind + " work item within " + DEADLINE + " (stream error: " + error + ")")
          .isNotNull();
      if (item.getRequestCase() == kind) {
        return item;
      }
      stashed.add(item);
    }
  }

  /** The next orchestrator work item. */
  WorkItem nextOrchestration() throws InterruptedException {
    return next(WorkItem.RequestCase.ORCHESTRATORREQUEST);
  }

  /** The next activity work item. */
  WorkItem nextActivity() throws InterruptedException {
    return next(WorkItem.RequestCase.ACTIVITYREQUEST);
  }

  /** The next entity work item. */
  WorkItem nextEntity() throws InterruptedException {
    return next(WorkItem.RequestCase.ENTITYREQUESTV2);
  }

  /** The next work item, waiting up to the deadline. */
  WorkItem next() throws InterruptedException {
    if (!stashed.isEmpty()) {
      return stashed.remove(0);
    }
    WorkItem item = items.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(item)
        .as("a work item within " + DEADLINE + " (stream error: " + error + ")")
        .isNotNull();
    return item;
  }

  /** Waits for an item for the given time; null when none came. */
  WorkItem poll(Duration wait) throws InterruptedException {
    return items.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean hasPending() {
    return !items.isEmpty() || !stashed.isEmpty();
  }

  void completeOrchestrator(io.durableentities.protocol.internal.OrchestratorResponse r) {
    stub.completeOrchestratorTask(r);
  }

  void completeActivity(io.durableentities.protocol.internal.ActivityResponse r) {
    stub.completeActivityTask(r);
  }

  void complete(EntityBatchResult result) {
    stub.completeEntityTask(result);
  }

  void abandon(String token) {
    stub.abandonTaskEntityWorkItem(
        AbandonEntityTaskRequest.newBuilder().setCompletionToken(token).build());
  }

  /** Abandons as a worker that is shutting down does (the {@code x-abandon-reason} header). */
  void abandonForShutdown(String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-abandon-reason", Metadata.ASCII_STRING_MARSHALLER), "shutdown");
    stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .abandonTaskEntityWorkItem(
            AbandonEntityTaskRequest.newBuilder().setCompletionToken(token).build());
  }

  TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub() {
    return stub;
  }

  boolean streamCompleted() {
    return completed;
  }

  void cancel() {
    call.cancel("test cancels the stream", null);
  }

  @Override
  public void close() throws InterruptedException {
    if (call != null && !completed && error == null) {
      call.cancel("worker closed", null);
    }
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
