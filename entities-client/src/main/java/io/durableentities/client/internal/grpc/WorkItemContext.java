package io.durableentities.client.internal.grpc;

import com.google.protobuf.Message;
import io.durableentities.client.PayloadTooLargeException;
import io.durableentities.client.internal.telemetry.WorkerMetrics;
import io.durableentities.core.DataConverter;
import io.durableentities.protocol.internal.AbandonActivityTaskRequest;
import io.durableentities.protocol.internal.AbandonEntityTaskRequest;
import io.durableentities.protocol.internal.AbandonOrchestrationTaskRequest;
import io.durableentities.protocol.internal.ActivityResponse;
import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One work item in the worker's hands: completes it or abandons it, once. After the item was
 * completed or abandoned (for example by a shutdown that ran out of time), further completions are
 * skipped, so a stale result never reaches the scheduler. Completions are sent without blocking:
 * the handler's thread is free while the scheduler commits, and {@link #completionAnswered()} tells
 * when the answer came.
 */
public final class WorkItemContext {

  private static final Logger LOG = LoggerFactory.getLogger(WorkItemContext.class);

  private static final ClientInterceptor SHUTDOWN_HEADER = shutdownHeader();

  private static final CompletionStage<Void> NOTHING_SENT = CompletableFuture.completedStage(null);

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
  private final PayloadCodec payloads;
  private volatile WorkItem resolved;
  private final long receivedNanos = System.nanoTime();
  private State state = State.RUNNING;
  private CompletableFuture<Void> completion;
  private final CompletableFuture<Void> abandonAnswered = new CompletableFuture<>();

  /**
   * Creates a context.
   *
   * @param item the work item
   * @param worker the worker's channel and settings
   */
  public WorkItemContext(WorkItem item, WorkerContext worker) {
    this(item, worker, PayloadCodec.none());
  }

  /**
   * Creates a context whose completions store their large payloads.
   *
   * @param item the work item
   * @param worker the worker's channel and settings
   * @param payloads stores the large payloads of completions
   */
  public WorkItemContext(WorkItem item, WorkerContext worker, PayloadCodec payloads) {
    this.item = item;
    this.worker = worker;
    this.payloads = payloads;
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
   * Returns the worker's metrics.
   *
   * @return the metrics
   */
  public WorkerMetrics metrics() {
    return worker.telemetry().workerMetrics();
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
   * Tells the work item as its handler runs it, with its payload references resolved; the runtime
   * calls it before the handler runs. An entity whose stored state a batch leaves unchanged then
   * keeps its reference ({@link PayloadCodec#keepStoredState}) instead of storing it again.
   *
   * @param item the resolved work item
   */
  void payloadsResolved(WorkItem item) {
    this.resolved = item;
  }

  /**
   * Completes an entity work item, without waiting for the scheduler's answer (see {@link
   * #completionAnswered()}). If the scheduler rejects the completion, the item is abandoned (and
   * the rejection logged) so that it is delivered again. Payloads of at least the payload store's
   * threshold are stored first, and sent as references; a state the batch left unchanged keeps the
   * reference it came with. A payload above the store's limit fails the batch's operations instead,
   * the state staying as it came ({@link PayloadFailures}).
   *
   * @param result the result, with the item's completion token
   * @return whether it was sent (false when the item was already completed or abandoned)
   * @throws io.durableentities.client.PayloadStoreException if a payload could not be stored (the
   *     item is not completed then)
   */
  public boolean completeEntity(EntityBatchResult result) {
    WorkItem ran = resolved;
    EntityBatchResult kept = payloads.keepStoredState(result, item, ran != null ? ran : item);
    EntityBatchResult sent;
    try {
      sent = payloads.externalize(kept, entityRequest());
    } catch (PayloadTooLargeException e) {
      return failTooLarge(e);
    }
    return complete((stub, answer) -> stub.completeEntityTask(sent, answer));
  }

  private Message entityRequest() {
    return item.getRequestCase() == WorkItem.RequestCase.ENTITYREQUESTV2
        ? item.getEntityRequestV2()
        : item.getEntityRequest();
  }

  /**
   * Completes an orchestrator work item, without waiting for the answer; like {@link
   * #completeEntity} (a payload above the store's limit fails the orchestration).
   *
   * @param response the response, with the item's completion token
   * @return whether it was sent
   */
  public boolean completeOrchestration(OrchestratorResponse response) {
    OrchestratorResponse sent;
    try {
      sent = payloads.externalize(response, item.getOrchestratorRequest());
    } catch (PayloadTooLargeException e) {
      return failTooLarge(e);
    }
    return complete((stub, answer) -> stub.completeOrchestratorTask(sent, answer));
  }

  /**
   * Completes an activity work item, without waiting for the answer; like {@link #completeEntity}
   * (a result above the store's limit fails the activity, to its orchestration).
   *
   * @param response the response, with the item's completion token
   * @return whether it was sent
   */
  public boolean completeActivity(ActivityResponse response) {
    ActivityResponse sent;
    try {
      sent = payloads.externalize(response, item.getActivityRequest());
    } catch (PayloadTooLargeException e) {
      return failTooLarge(e);
    }
    return complete((stub, answer) -> stub.completeActivityTask(sent, answer));
  }

  /**
   * Fails the item for a payload above the store's limit: delivering it again would fail the same
   * way, so it is not abandoned. The failure carries only small payloads (an entity's state as it
   * came), so it is stored without a second failure.
   */
  private boolean failTooLarge(PayloadTooLargeException e) {
    LOG.error("Failing a {} work item: {}", item.getRequestCase(), e.getMessage());
    PayloadFailures.complete(this, e, Instant.now());
    return true;
  }

  /**
   * Completes when the scheduler answered this item's completion call, whether it accepted it or
   * not (a rejected completion has been turned into an abandon by then); already complete when no
   * completion was sent. The worker holds the item's concurrency slot until then.
   *
   * @return the stage
   */
  public synchronized CompletionStage<Void> completionAnswered() {
    return completion == null ? NOTHING_SENT : completion;
  }

  private boolean complete(
      BiConsumer<
              TaskHubSidecarServiceGrpc.TaskHubSidecarServiceStub,
              StreamObserver<CompleteTaskResponse>>
          call) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    synchronized (this) {
      if (state != State.RUNNING) {
        LOG.debug("Not completing {} work item: it was already answered", item.getRequestCase());
        return false;
      }
      state = State.COMPLETING;
      completion = answered;
    }
    Answer answer = new Answer(answered);
    try {
      call.accept(worker.completionStub(), answer);
    } catch (RuntimeException e) {
      answer.onError(e);
    }
    metrics().workItemCompleted(item.getRequestCase(), receivedNanos);
    return true;
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
    return abandon(reason, shutdown, State.RUNNING);
  }

  private boolean abandon(String reason, boolean shutdown, State from) {
    synchronized (this) {
      if (state != from) {
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

  /**
   * Receives the answer to a completion call, on the transport thread: an accepted completion
   * settles the item; a rejected one (or a failed call) is logged and the item abandoned, as a
   * handler's failure would be, so that the scheduler delivers it again.
   */
  private final class Answer implements StreamObserver<CompleteTaskResponse> {
    private final CompletableFuture<Void> answered;

    Answer(CompletableFuture<Void> answered) {
      this.answered = answered;
    }

    @Override
    public void onNext(CompleteTaskResponse value) {}

    @Override
    public void onError(Throwable t) {
      Status status = Status.fromThrowable(t);
      LOG.warn(
          "Could not complete a {} work item ({}); abandoning it so that it is delivered again",
          item.getRequestCase(),
          Retrier.describe(status));
      abandon("completion failed: " + Retrier.describe(status), false, State.COMPLETING);
      answered.complete(null);
    }

    @Override
    public void onCompleted() {
      synchronized (WorkItemContext.this) {
        if (state == State.COMPLETING) {
          state = State.DONE;
        }
      }
      answered.complete(null);
    }
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
