package io.durableentities.scheduler;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.SignalEntityResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the memory check of issue #18, run by hand against a scheduler started apart (for
 * example the jar with {@code -Xmx256m}). It sends one signal (with a request id) to each of {@code
 * N} distinct entities while a worker on the same scheduler applies them as they come (at most
 * 2,000 sent and not yet applied; each entity's new state is {@code stateBytes} long), and prints
 * progress every 100,000 applied.
 *
 * <pre>
 * java -cp "$(cat cp.txt):embedded-scheduler/target/test-classes" \
 *   io.durableentities.scheduler.MemoryProbe PORT 1000000 100
 * </pre>
 */
public final class MemoryProbe {

  /** The most signals sent and not yet applied. */
  private static final int BACKLOG = 2_000;

  private MemoryProbe() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long total = Long.parseLong(args[1]);
    String state = "x".repeat(args.length > 2 ? Integer.parseInt(args[2]) : 100);
    boolean queueOnly = args.length > 3 && args[3].equals("queue-only");
    ManagedChannel channel = SchedulerHarness.channel(port);
    var blocking = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
    var async = TaskHubSidecarServiceGrpc.newStub(channel);
    AtomicLong applied = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService completers = Executors.newFixedThreadPool(8);
    if (!queueOnly) {
      TaskHubSidecarServiceGrpc.newStub(channel)
          .getWorkItems(
              GetWorkItemsRequest.newBuilder().setMaxConcurrentEntityWorkItems(256).build(),
              new StreamObserver<WorkItem>() {
                @Override
                public void onNext(WorkItem item) {
                  completers.execute(() -> complete(blocking, item, state, applied));
                }

                @Override
                public void onError(Throwable t) {
                  System.err.println("work-item stream failed: " + t);
                }

                @Override
                public void onCompleted() {}
              });
    }
    Semaphore inFlight = new Semaphore(256);
    long started = System.nanoTime();
    long nextReport = 100_000;
    for (long i = 0; i < total; i++) {
      while (!queueOnly && i - applied.get() > BACKLOG) {
        Thread.onSpinWait(); // applied as they come: the worker keeps up, no backlog builds
      }
      inFlight.acquire();
      SignalEntityRequest r =
          SignalEntityRequest.newBuilder()
              .setInstanceId("@probe@" + i)
              .setName("set")
              .setRequestId(UUID.randomUUID().toString())
              .build();
      async.signalEntity(
          r,
          new StreamObserver<SignalEntityResponse>() {
            @Override
            public void onNext(SignalEntityResponse value) {}

            @Override
            public void onError(Throwable t) {
              failed.incrementAndGet();
              inFlight.release();
            }

            @Override
            public void onCompleted() {
              inFlight.release();
            }
          });
      while (applied.get() >= nextReport) {
        report(nextReport, applied, failed, started);
        nextReport += 100_000;
      }
    }
    if (queueOnly) {
      inFlight.acquire(256); // every signal acknowledged: durable, queued, none applied
      System.out.printf("%,d signals queued (%,d failed)%n", total, failed.get());
      completers.shutdownNow();
      channel.shutdownNow();
      return;
    }
    while (applied.get() < total && failed.get() == 0) {
      if (applied.get() >= nextReport) {
        report(nextReport, applied, failed, started);
        nextReport += 100_000;
      }
      Thread.onSpinWait();
    }
    report(total, applied, failed, started);
    completers.shutdownNow();
    channel.shutdownNow();
  }

  private static void report(long mark, AtomicLong applied, AtomicLong failed, long started) {
    System.out.printf(
        "%,d applied (%,d signals failed) after %.1f s%n",
        mark, failed.get(), (System.nanoTime() - started) / 1e9);
  }

  private static void complete(
      TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub,
      WorkItem item,
      String state,
      AtomicLong applied) {
    int ops = item.getEntityRequestV2().getOperationRequestsCount();
    EntityBatchResult.Builder r =
        EntityBatchResult.newBuilder()
            .setCompletionToken(item.getCompletionToken())
            .setEntityState(StringValue.of(state));
    for (int i = 0; i < ops; i++) {
      r.addResults(
          OperationResult.newBuilder()
              .setSuccess(OperationResultSuccess.newBuilder().setResult(StringValue.of("null"))));
    }
    stub.completeEntityTask(r.build());
    applied.addAndGet(ops);
  }
}
