package io.durableentities.interop.javasdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durableentities.interop.SchedulerProcess;
import io.durableentities.interop.WireRecording;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wire-level evidence for our client and worker against the official Java SDK 1.5.0 (issue #24):
 * the SDK runs the orchestration part of the wire scenario (it has no entity API before 1.9.0)
 * against the scheduler jar recording every request ({@code --record-requests}); ours must set
 * every header and request field the SDK sets, on the RPCs both call, except the {@link
 * #KNOWN_DIFFERENCES_FROM_JAVA known differences}. Our client cannot run in this JVM (the SDK needs
 * its own gRPC 1.59 and protobuf 3), so what ours sets comes from {@code
 * wire/our-client-and-worker.txt}, which {@code WireEvidenceIT} in {@code interop-tests} checks
 * against a live recording of ours.
 */
class JavaSdkWireEvidenceIT {

  /** What the Java SDK sets and ours does not, each with the reason it is not a gap. */
  static final Map<String, String> KNOWN_DIFFERENCES_FROM_JAVA =
      Map.of(
          "CompleteOrchestratorTask customStatus",
          "the Java SDK 1.5.0 sends an empty custom status on every completion, also when the"
              + " orchestration set none; ours (and the JS SDK) leave the field unset then, and set"
              + " it when the orchestration sets one");

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void ours_setsEveryHeaderAndFieldTheJavaSdkSets() throws Exception {
    Path file = dir.resolve("java-sdk.jsonl");
    String run = "java-wire-" + UUID.randomUUID().toString().substring(0, 8);
    try (SchedulerProcess scheduler =
        SchedulerProcess.start(
            Duration.ofSeconds(60), Map.of(), "--record-requests", file.toString())) {
      DurableTaskGrpcWorker worker = worker(scheduler.port());
      worker.start();
      DurableTaskClient client = new DurableTaskGrpcClientBuilder().port(scheduler.port()).build();
      try {
        scenario(client, run);
      } finally {
        client.close();
        worker.close();
      }
    }

    WireRecording java = WireRecording.read(file);
    WireRecording ours =
        WireRecording.ofFeatures(WireRecording.resourceLines("/wire/our-client-and-worker.txt"));
    assertThat(ours.missingFrom(java, KNOWN_DIFFERENCES_FROM_JAVA))
        .as("set by the Java SDK 1.5.0, not by ours; ours:%n%s%nJava SDK:%n%s", ours, java)
        .isEmpty();
    assertThat(java.rpcs())
        .contains(
            "StartInstance",
            "RaiseEvent",
            "TerminateInstance",
            "PurgeInstances",
            "GetWorkItems",
            "CompleteOrchestratorTask",
            "CompleteActivityTask");
    // The Java SDK 1.5.0 opens its work-item stream without a Hello first.
    assertThat(java.rpcs()).doesNotContain("Hello");
    assertThat(ours.rpcs()).contains("StartInstance", "GetWorkItems", "CompleteOrchestratorTask");
  }

  /** Starts a greeter (one activity) and a waiter; raises, terminates and purges. */
  private static void scenario(DurableTaskClient client, String run) throws Exception {
    String greeter = client.scheduleNewOrchestrationInstance("Greeter", "wire", run + "-greet");
    assertThat(client.waitForInstanceCompletion(greeter, DEADLINE, true).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);

    String waiter = client.scheduleNewOrchestrationInstance("Waiter", null, run + "-waiter");
    client.waitForInstanceStart(waiter, DEADLINE);
    client.raiseEvent(waiter, "approve", "yes");
    client.terminate(waiter, "stopped");
    assertThat(client.waitForInstanceCompletion(waiter, DEADLINE, true).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.TERMINATED);

    assertThat(client.purgeInstance(greeter).getDeletedInstanceCount()).isEqualTo(1);
    assertThat(client.purgeInstance(waiter).getDeletedInstanceCount()).isEqualTo(1);
  }

  private static DurableTaskGrpcWorker worker(int port) {
    DurableTaskGrpcWorkerBuilder builder = new DurableTaskGrpcWorkerBuilder().port(port);
    builder.addOrchestration(
        new TaskOrchestrationFactory() {
          @Override
          public String getName() {
            return "Greeter";
          }

          @Override
          public com.microsoft.durabletask.TaskOrchestration create() {
            return ctx ->
                ctx.complete(
                    ctx.callActivity("Hello", ctx.getInput(String.class), String.class).await());
          }
        });
    builder.addOrchestration(
        new TaskOrchestrationFactory() {
          @Override
          public String getName() {
            return "Waiter";
          }

          @Override
          public com.microsoft.durabletask.TaskOrchestration create() {
            return JavaSdkWireEvidenceIT::waiter;
          }
        });
    builder.addActivity(
        new TaskActivityFactory() {
          @Override
          public String getName() {
            return "Hello";
          }

          @Override
          public com.microsoft.durabletask.TaskActivity create() {
            return ctx -> "hello " + ctx.getInput(String.class);
          }
        });
    return builder.build();
  }

  private static void waiter(TaskOrchestrationContext ctx) {
    String first = ctx.waitForExternalEvent("approve", String.class).await();
    ctx.waitForExternalEvent("never", String.class).await();
    ctx.complete(first);
  }
}
