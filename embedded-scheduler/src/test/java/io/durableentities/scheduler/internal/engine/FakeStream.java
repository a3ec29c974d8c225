package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.WorkItem;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A worker's {@code GetWorkItems} stream without a network: the work items it receives. */
final class FakeStream extends ServerCallStreamObserver<WorkItem> {

  private final BlockingQueue<WorkItem> items = new LinkedBlockingQueue<>();
  private volatile boolean completed;

  /** The next work item (20 s at most). */
  WorkItem next() throws InterruptedException {
    WorkItem item = items.poll(20, TimeUnit.SECONDS);
    if (item == null) {
      throw new AssertionError("no work item within 20 s");
    }
    return item;
  }

  /** The next work item of an entity (others are skipped), 20 s at most. */
  WorkItem nextEntity() throws InterruptedException {
    WorkItem item;
    do {
      item = next();
    } while (!item.hasEntityRequestV2());
    return item;
  }

  /** The next orchestrator work item (others are skipped), 20 s at most. */
  WorkItem nextOrchestration() throws InterruptedException {
    WorkItem item;
    do {
      item = next();
    } while (!item.hasOrchestratorRequest());
    return item;
  }

  /** Forgets what was received so far. */
  void clear() {
    items.clear();
  }

  @Override
  public void onNext(WorkItem value) {
    items.add(value);
  }

  @Override
  public void onError(Throwable t) {
    completed = true;
  }

  @Override
  public void onCompleted() {
    completed = true;
  }

  @Override
  public boolean isCancelled() {
    return completed;
  }

  @Override
  public void setOnCancelHandler(Runnable onCancelHandler) {}

  @Override
  public void setCompression(String compression) {}

  @Override
  public boolean isReady() {
    return !completed;
  }

  @Override
  public void setOnReadyHandler(Runnable onReadyHandler) {}

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
