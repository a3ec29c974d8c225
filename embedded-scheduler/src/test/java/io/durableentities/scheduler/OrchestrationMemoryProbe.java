package io.durableentities.scheduler;

import io.durableentities.protocol.internal.CompleteTaskResponse;
import io.durableentities.protocol.internal.CreateInstanceResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OrchestratorResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the orchestration memory check of issue #18 (item 2), run by hand against a scheduler
 * started apart. It starts {@code N} no-op orchestrations ({@code probe-0}, ...) with an input of
 * {@code inputBytes} characters while a worker on the same scheduler completes each one in its
 * first work item, at most 2,000 started and not yet completed, and prints progress every 10,000
 * completed. Then read the scheduler's heap after a full GC ({@code jcmd PID GC.run}, then {@code
 * jcmd PID GC.heap_info}).
 *
 * <pre>
 * java -cp "$(cat cp.txt):embedded-scheduler/target/test-classes" \
 *   io.durableentities.scheduler.OrchestrationMemoryProbe PORT 100000 200 [running K]
 * </pre>
 */
public final class OrchestrationMemoryProbe {

  /** The most orchestrations started and not yet completed. */
  private static final int BACKLOG = 2_000;

  private OrchestrationMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long total = Long.parseLong(args[1]);
    String input =
        "\"" + "x".repeat((args.length > 2 ? Integer.parseInt(args[2]) : 200) - 2) + "\"";
    // "running K": each instance stays running, with K EventSent events (to no instance) added
    // to its history, to measure what a running instance's history costs.
    int keepRunningWith =
        args.length > 4 && args[3].equals("running") ? Integer.parseInt(args[4]) : -1;
    ManagedChannel channel = SchedulerHarness.channel(port);
    var async = TaskHubSidecarServiceGrpc.newStub(channel);
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Semaphore backlog = new Semaphore(BACKLOG);
    StreamObserver<CompleteTaskResponse> completion =
        new StreamObserver<>() {
          @Override
          public void onNext(CompleteTaskResponse value) {}

          @Override
          public void onError(Throwable t) {
            failed.incrementAndGet();
            backlog.release();
          }

          @Override
          public void onCompleted() {
            completed.incrementAndGet();
            backlog.release();
          }
        };
    async.getWorkItems(
        GetWorkItemsRequest.newBuilder().setMaxConcurrentOrchestrationWorkItems(256).build(),
        new StreamObserver<WorkItem>() {
          @Override
          public void onNext(WorkItem item) {
            if (item.hasOrchestratorRequest()) {
              async.completeOrchestratorTask(response(item, keepRunningWith), completion);
            }
          }

          @Override
          public void onError(Throwable t) {
            System.err.println("work-item stream failed: " + t);
          }

          @Override
          public void onCompleted() {}
        });
    long started = System.nanoTime();
    long nextReport = 10_000;
    for (long i = 0; i < total; i++) {
      backlog.acquire();
      async.startInstance(
          Orch.start("probe-" + i, "NoOp", input).build(),
          new StreamObserver<CreateInstanceResponse>() {
            @Override
            public void onNext(CreateInstanceResponse value) {}

            @Override
            public void onError(Throwable t) {
              failed.incrementAndGet();
              backlog.release();
            }

            @Override
            public void onCompleted() {}
          });
      while (completed.get() >= nextReport) {
        report(nextReport, failed, started);
        nextReport += 10_000;
      }
    }
    backlog.acquire(BACKLOG); // every orchestration completed (or failed)
    report(completed.get(), failed, started);
    channel.shutdownNow();
  }

  private static OrchestratorResponse response(WorkItem item, int keepRunningWith) {
    if (keepRunningWith < 0) {
      return Orch.response(item, Orch.complete(0, "null")).build();
    }
    OrchestratorResponse.Builder r = Orch.response(item);
    for (int i = 0; i < keepRunningWith; i++) {
      r.addActions(Orch.sendEvent(i, "nowhere", "event", "\"" + i + "\""));
    }
    return r.build();
  }

  private static void report(long mark, AtomicLong failed, long started) {
    System.out.printf(
        "%,d orchestrations completed (%,d failed) after %.1f s%n",
        mark, failed.get(), (System.nanoTime() - started) / 1e9);
  }
}
