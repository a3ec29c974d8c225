package io.durableentities.testfixtures;

import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The fake sidecar's GetWorkItems stream: the latest one a worker opened, on which a test pushes
 * work items, and which it can fail or end.
 */
public final class WorkItemStream {

  /** The GetWorkItems requests, one per opened stream. */
  public final BlockingQueue<GetWorkItemsRequest> opened = new LinkedBlockingQueue<>();

  private volatile ServerCallStreamObserver<WorkItem> stream;

  WorkItemStream() {}

  /** Takes a newly opened stream as the current one; it stops being current when cancelled. */
  void open(GetWorkItemsRequest request, ServerCallStreamObserver<WorkItem> serverStream) {
    serverStream.setOnCancelHandler(
        () -> {
          if (stream == serverStream) {
            stream = null;
          }
        });
    stream = serverStream;
    opened.add(request);
  }

  /**
   * Waits for the next GetWorkItems stream.
   *
   * @return its request
   * @throws AssertionError when none is opened within {@link Queues#DEADLINE}
   */
  public GetWorkItemsRequest awaitOpened() {
    return Queues.poll(opened, "a GetWorkItems stream");
  }

  /**
   * Pushes a work item on the open stream.
   *
   * @param item the work item
   * @throws IllegalStateException when no stream is open
   */
  public void push(WorkItem item) {
    ServerCallStreamObserver<WorkItem> open = stream;
    if (open == null) {
      throw new IllegalStateException(
          "No GetWorkItems stream is open: start a worker and call awaitOpened() first");
    }
    synchronized (open) {
      open.onNext(item);
    }
  }

  /**
   * Fails the open stream, as a scheduler that drops the connection does.
   *
   * @param status the status
   */
  public void fail(Status status) {
    ServerCallStreamObserver<WorkItem> open = stream;
    stream = null;
    if (open != null) {
      synchronized (open) {
        open.onError(status.asRuntimeException());
      }
    }
  }

  /** Ends the open stream normally, as a scheduler that shuts down does. */
  public void end() {
    ServerCallStreamObserver<WorkItem> open = stream;
    stream = null;
    if (open != null) {
      synchronized (open) {
        open.onCompleted();
      }
    }
  }
}
