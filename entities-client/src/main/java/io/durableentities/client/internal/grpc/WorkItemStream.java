package io.durableentities.client.internal.grpc;

import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Receives the work items of one {@code GetWorkItems} stream, with manual flow control: {@value
 * #PREFETCH} items are requested up front and one more after each item, so that a draining worker
 * stops receiving without closing the stream (closing it would hand its running items to another
 * worker). Its callbacks run on the transport thread; the worker's must not block.
 */
final class WorkItemStream implements ClientResponseObserver<GetWorkItemsRequest, WorkItem> {

  /** How many work items the stream may deliver ahead of the ones being routed. */
  static final int PREFETCH = 16;

  private final Consumer<ClientCallStreamObserver<GetWorkItemsRequest>> opened;
  private final Consumer<WorkItem> receiver;
  private final BooleanSupplier draining;
  private final BiConsumer<String, Status> ended;
  private ClientCallStreamObserver<GetWorkItemsRequest> requestStream;

  /**
   * Creates the observer of one stream.
   *
   * @param opened receives the call before it starts, for cancelling it
   * @param receiver routes each work item
   * @param draining tells whether the worker is shutting down: it then asks for no more items and
   *     ignores the stream's end
   * @param ended receives what ended the stream (failed or completed) while not draining
   */
  WorkItemStream(
      Consumer<ClientCallStreamObserver<GetWorkItemsRequest>> opened,
      Consumer<WorkItem> receiver,
      BooleanSupplier draining,
      BiConsumer<String, Status> ended) {
    this.opened = opened;
    this.receiver = receiver;
    this.draining = draining;
    this.ended = ended;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<GetWorkItemsRequest> requestStream) {
    this.requestStream = requestStream;
    requestStream.disableAutoRequestWithInitial(PREFETCH);
    opened.accept(requestStream);
  }

  @Override
  public void onNext(WorkItem item) {
    receiver.accept(item);
    if (!draining.getAsBoolean()) {
      requestStream.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!draining.getAsBoolean()) {
      ended.accept("The work-item stream failed", Status.fromThrowable(t));
    }
  }

  @Override
  public void onCompleted() {
    if (!draining.getAsBoolean()) {
      ended.accept("The scheduler ended the work-item stream", Status.UNAVAILABLE);
    }
  }
}
