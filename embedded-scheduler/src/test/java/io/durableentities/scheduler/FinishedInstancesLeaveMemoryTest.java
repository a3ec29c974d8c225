package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.durableentities.protocol.internal.GetInstanceRequest;
import io.durableentities.protocol.internal.GetInstanceResponse;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TerminateRequest;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A finished instance (completed, failed, terminated) leaves memory once its completion is
 * committed; an active one (pending, running, suspended, continued as new) stays. Whoever asks for
 * a finished one reads it from the store: a waiter registered before the completion, {@code
 * GetInstance}, the dashboard, the retention (also after a restart, which loads active instances
 * only).
 */
class FinishedInstancesLeaveMemoryTest {

  @TempDir Path dataDir;

  private SchedulerHarness harness(boolean onDisk) {
    return onDisk
        ? new SchedulerHarness(
            b -> b.dataDir(dataDir).dashboardPort(0).instanceRetention(Duration.ofHours(1)))
        : new SchedulerHarness(b -> b.dashboardPort(0).instanceRetention(Duration.ofHours(1)));
  }

  private static GetInstanceResponse get(SchedulerHarness h, String id) {
    return h.client.getInstance(
        GetInstanceRequest.newBuilder().setInstanceId(id).setGetInputsAndOutputs(true).build());
  }

  @ParameterizedTest(name = "on disk: {0}")
  @ValueSource(booleans = {false, true})
  void finishedInstances_leaveMemory_activeOnesStay_andAllAreServed(boolean onDisk)
      throws Exception {
    try (SchedulerHarness h = harness(onDisk)) {
      TestWorker worker = h.worker();
      var async = TaskHubSidecarServiceGrpc.newStub(h.channel);
      h.client.startInstance(start("completed", "O", "\"in\"").build());
      CompletableFuture<GetInstanceResponse> waited = new CompletableFuture<>();
      async.waitForInstanceCompletion(
          GetInstanceRequest.newBuilder()
              .setInstanceId("completed")
              .setGetInputsAndOutputs(true)
              .build(),
          observer(waited));
      worker.completeOrchestrator(
          response(worker.nextOrchestration(), Orch.complete(0, "\"out\"")).build());
      h.client.startInstance(start("failed", "O", null).build());
      worker.completeOrchestrator(
          response(worker.nextOrchestration(), Orch.fail(0, "boom")).build());
      h.client.startInstance(start("terminated", "O", null).build());
      h.client.terminateInstance(TerminateRequest.newBuilder().setInstanceId("terminated").build());
      h.client.startInstance(start("continued", "O", "1").build());
      worker.completeOrchestrator(
          response(worker.nextOrchestration(), Orch.continueAsNew(0, "2")).build());
      h.client.startInstance(start("running", "O", null).build());
      worker.completeOrchestrator(response(worker.nextOrchestration()).build());

      int resident = h.scheduler.residentInstances();
      GetInstanceResponse answered = waited.get(20, TimeUnit.SECONDS);
      JsonNode page =
          new DashboardHttp(h.scheduler.dashboardPort().orElseThrow())
              .get("/api/orchestrations")
              .body();

      assertThat(resident)
          .as("continued (new execution) and running stay; the three finished left")
          .isEqualTo(2);
      assertThat(answered.getOrchestrationState().getOutput().getValue()).isEqualTo("\"out\"");
      assertThat(get(h, "completed").getOrchestrationState().getInput().getValue())
          .isEqualTo("\"in\"");
      assertThat(get(h, "failed").getOrchestrationState().getFailureDetails().getErrorMessage())
          .isEqualTo("boom");
      assertThat(get(h, "terminated").getOrchestrationState().getOrchestrationStatus())
          .isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED);
      assertThat(page.toString())
          .contains(
              "\"completed\"", "\"failed\"", "\"terminated\"", "\"continued\"", "\"running\"");
    }
  }

  @Test
  void restart_loadsActiveInstancesOnly_andTheRetentionFindsTheFinishedOnesInTheStore()
      throws Exception {
    try (SchedulerHarness h = harness(true)) {
      TestWorker worker = h.worker();
      for (int i = 0; i < 3; i++) {
        h.client.startInstance(start("done-" + i, "O", null).build());
        worker.completeOrchestrator(
            response(worker.nextOrchestration(), Orch.complete(0, "1")).build());
      }
      h.client.startInstance(start("running", "O", null).build());
    }

    try (SchedulerHarness h = harness(true)) {
      int resident = h.scheduler.residentInstances();
      boolean keptBefore = get(h, "done-0").getExists();
      h.clock.advance(Duration.ofHours(2));
      h.runMaintenanceNow();

      assertThat(resident).as("only the pending instance is loaded").isEqualTo(1);
      assertThat(keptBefore).isTrue();
      for (int i = 0; i < 3; i++) {
        assertThat(get(h, "done-" + i).getExists()).as("done-" + i + " purged").isFalse();
      }
      assertThat(get(h, "running").getExists()).isTrue();
    }
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> f) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        f.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        f.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }
}
