package io.durableentities.core.internal.grpc;

import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.AbandonActivityTaskRequest;
import io.durableentities.protocol.internal.AbandonEntityTaskRequest;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One work item in the worker's hands: completes it or abandons it, once. After the item was
 * completed or abandoned (for example by a shutdown that ran out of time), further completions are
 * skipped, so a stale result never reaches the scheduler.
 */
public final class WorkItemContext {

  private static final Logger LOG = LoggerFactory.getLogger(WorkItemContext.class);

  private static final ClientInterceptor SHUTDOWN_HEADER = shutdownHeader();

  private static ClientInterceptor shutdownHeader() {
    Metadata headers = new Metadata();
    headers.put(GrpcChannels.ABANDON_REASON, "shutdown");
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private enum State {
    RUNNING,
    COMPLETING,
    DONE
  }

  private final WorkItem item;
  private final WorkerContext worker;
  private State state = State.RUNNING;
  private final CompletableFuture<Void> abandonAnswered = new CompletableFuture<>();

  /**
   * Creates a context.
   *
   * @param item the work item
   * @param worker the worker's channel and settings
   */
  public WorkItemContext(WorkItem item, WorkerContext worker) {
    this.item = item;
    this.worker = worker;
  }

  /**
   * Returns the work item.
   *
   * @return the work item
   */
  public WorkItem item() {
    return item;
  }

  /**
   * Returns the worker's channel.
   *
   * @return the channel
   */
  public Channel channel() {
    return worker.channel();
  }

  /**
   * Returns the worker's data converter.
   *
   * @return the converter
   */
  public DataConverter dataConverter() {
    return worker.dataConverter();
  }

  /**
   * Tells whether the item is neither completed nor abandoned.
   *
   * @return whether it still needs an answer
   */
  public synchronized boolean isPending() {
    return state == State.RUNNING;
  }

  /**
   * Completes an entity work item.
   *
   * @param result the result, with the item's completion token
   * @return whether it was sent (false when the item was already completed or abandoned)
   * @throws io.grpc.StatusRuntimeException if the scheduler rejected it; the item stays pending
   */
  public boolean completeEntity(EntityBatchResult result) {
    return complete(stub -> stub.completeEntityTask(result));
  }

  /**
   * Completes an orchestrator work item.
   *
   * @param response the response, with the item's completion token
   * @return whether it was sent
   * @throws io.grpc.StatusRuntimeException if the scheduler rejected it; the item stays pending
   */
  public boolean completeOrchestration(OrchestratorResponse response) {
    return complete(stub -> stub.completeOrchestratorTask(response));
  }

  /**
   * Completes an activity work item.
   *
   * @param response the response, with the item's completion token
   * @return whether it was sent
   * @throws io.grpc.StatusRuntimeException if the scheduler rejected it; the item stays pending
   */
  public boolean completeActivity(ActivityResponse response) {
    return complete(stub -> stub.completeActivityTask(response));
  }

  private boolean complete(
      Consumer<TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub> call) {
    synchronized (this) {
      if (state != State.RUNNING) {
        LOG.debug("Not completing {} work item: it was already answered", item.getRequestCase());
        return false;
      }
      state = State.COMPLETING;
    }
    boolean sent = false;
    try {
      call.accept(worker.blockingStub());
      sent = true;
      return true;
    } finally {
      synchronized (this) {
        state = sent ? State.DONE : State.RUNNING;
      }
    }
  }

  /**
   * Abandons the item, without blocking: the scheduler delivers it again after a delay. Does
   * nothing when the item was already completed or abandoned, or is being completed.
   *
   * @param reason why, for the log
   * @return whether an abandon call was sent
   */
  public boolean abandon(String reason) {
    return abandon(reason, false);
  }

  /**
   * Abandons the item because the worker is shutting down, without blocking: like {@link
   * #abandon(String)}, and tells the scheduler so (a scheduler that understands it does not count
   * this delivery as failed).
   *
   * @param reason why, for the log
   * @return whether an abandon call was sent
   */
  public boolean abandonForShutdown(String reason) {
    return abandon(reason, true);
  }

  private boolean abandon(String reason, boolean shutdown) {
    synchronized (this) {
      if (state != State.RUNNING) {
        return false;
      }
      state = State.DONE;
    }
    String token = item.getCompletionToken();
    var stub = TaskHubSidecarServiceGrpc.newStub(worker.channel());
    if (shutdown) {
      stub = stub.withInterceptors(SHUTDOWN_HEADER);
    }
    LOG.debug("Abandoning {} work item ({})", item.getRequestCase(), reason);
    switch (item.getRequestCase()) {
      case ENTITYREQUEST, ENTITYREQUESTV2 ->
          stub.abandonTaskEntityWorkItem(
              AbandonEntityTaskRequest.newBuilder().setCompletionToken(token).build(),
              new Logged<>(reason));
      case ORCHESTRATORREQUEST ->
          stub.abandonTaskOrchestratorWorkItem(
              AbandonOrchestrationTaskRequest.newBuilder().setCompletionToken(token).build(),
              new Logged<>(reason));
      case ACTIVITYREQUEST ->
          stub.abandonTaskActivityWorkItem(
              AbandonActivityTaskRequest.newBuilder().setCompletionToken(token).build(),
              new Logged<>(reason));
      default -> {
        LOG.warn(
            "Cannot abandon a {} work item: the protocol has no call for it",
            item.getRequestCase());
        return false;
      }
    }
    return true;
  }

  /**
   * Completes when the scheduler answered this item's abandon call (or the call failed); never
   * completes when no abandon was sent. A closing worker waits for it before it ends its work-item
   * stream, so that the scheduler sees the abandon first.
   *
   * @return the future
   */
  public CompletableFuture<Void> abandonAnswered() {
    return abandonAnswered;
  }

  /** Logs the outcome of an abandon call. */
  private final class Logged<T> implements StreamObserver<T> {
    private final String reason;

    Logged(String reason) {
      this.reason = reason;
    }

    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {
      abandonAnswered.complete(null);
      LOG.warn(
          "Could not abandon a {} work item ({}); the scheduler will deliver it again when its"
              + " lease expires: {}",
          item.getRequestCase(),
          reason,
          t.toString());
    }

    @Override
    public void onCompleted() {
      abandonAnswered.complete(null);
    }
  }
}
