package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.durableentities.protocol.internal.CreateInstanceRequest;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task hubs are created on first use, but only those an operator allows and only up to a limit: a
 * client inventing names cannot grow the scheduler without bound.
 */
class TaskHubLimitsTest {

  @TempDir Path dataDir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private TaskHubSidecarServiceBlockingStub client(EmbeddedScheduler scheduler) {
    ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
    open.add(channel::shutdownNow);
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel);
  }

  private EmbeddedScheduler start(SchedulerOptions options) {
    EmbeddedScheduler scheduler = EmbeddedScheduler.start(options);
    open.add(scheduler);
    return scheduler;
  }

  private static void signal(TaskHubSidecarServiceBlockingStub client, String hub) {
    SchedulerHarness.withHub(client, hub)
        .signalEntity(SchedulerHarness.signalRequest("@counter@k", "add", "1"));
  }

  private static StatusRuntimeException refused(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run);
  }

  /** Opens a work-item stream on {@code hub} and waits for its first message or its end. */
  private static StatusRuntimeException streamRefused(
      TaskHubSidecarServiceBlockingStub client, String hub) {
    return refused(
        () ->
            SchedulerHarness.withHub(client, hub)
                .getWorkItems(GetWorkItemsRequest.getDefaultInstance())
                .hasNext());
  }

  @Test
  void byDefault_anyNameWorks_upToAThousandTaskHubs() {
    SchedulerOptions defaults = SchedulerOptions.defaults();
    assertThat(defaults.allowedTaskHubs()).isEmpty();
    assertThat(defaults.maxTaskHubs()).isEqualTo(1000);

    TaskHubSidecarServiceBlockingStub client =
        client(start(SchedulerOptions.newBuilder().inMemory().build()));

    signal(client, "any-name-" + UUID.randomUUID());
    signal(client, null);
  }

  @Test
  void beyondMaxTaskHubs_aNewHubIsRefused_andTheExistingOnesWorkOn() {
    TaskHubSidecarServiceBlockingStub client =
        client(start(SchedulerOptions.newBuilder().inMemory().maxTaskHubs(3).build()));
    signal(client, "a");
    signal(client, "b");
    signal(client, "c");

    StatusRuntimeException signal = refused(() -> signal(client, "d"));
    StatusRuntimeException startInstance =
        refused(
            () ->
                SchedulerHarness.withHub(client, "d")
                    .startInstance(
                        CreateInstanceRequest.newBuilder()
                            .setInstanceId("o")
                            .setName("O")
                            .build()));
    StatusRuntimeException stream = streamRefused(client, "d");

    for (StatusRuntimeException e : List.of(signal, startInstance, stream)) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(e.getStatus().getDescription())
          .contains("Task hub 'd'", "3 task hubs", "maxTaskHubs", "--max-task-hubs");
    }
    signal(client, "a");
    signal(client, "c");
  }

  @Test
  void withAnAllowList_otherHubsArePermissionDenied_forWritesAndWorkers() {
    TaskHubSidecarServiceBlockingStub client =
        client(
            start(
                SchedulerOptions.newBuilder()
                    .inMemory()
                    .allowedTaskHubs(List.of("default", "orders"))
                    .build()));
    signal(client, "orders");
    signal(client, null);

    StatusRuntimeException signal = refused(() -> signal(client, "Orders"));
    StatusRuntimeException stream = streamRefused(client, "other");

    for (StatusRuntimeException e : List.of(signal, stream)) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(e.getStatus().getDescription())
          .contains("[default, orders]", "allowedTaskHubs", "--allowed-task-hubs");
    }
    assertThat(signal.getStatus().getDescription()).contains("Task hub 'Orders'");
  }

  @Test
  void storedHubsAboveALoweredLimit_areStillServed() {
    SchedulerOptions wide = SchedulerOptions.newBuilder().dataDir(dataDir).build();
    try (EmbeddedScheduler first = EmbeddedScheduler.start(wide)) {
      ManagedChannel channel = SchedulerHarness.channel(first.port());
      try {
        TaskHubSidecarServiceBlockingStub client =
            TaskHubSidecarServiceGrpc.newBlockingStub(channel);
        signal(client, "a");
        signal(client, "b");
        signal(client, "c");
      } finally {
        channel.shutdownNow();
      }
    }

    TaskHubSidecarServiceBlockingStub client =
        client(start(wide.toBuilder().maxTaskHubs(2).build()));

    signal(client, "a");
    signal(client, "c");
    assertThat(refused(() -> signal(client, "d")).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void invalidOptions_areRefusedByName() {
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> SchedulerOptions.newBuilder().maxTaskHubs(0).build()))
        .hasMessageContaining("maxTaskHubs");
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> SchedulerOptions.newBuilder().allowedTaskHubs(List.of(" padded")).build()))
        .hasMessageContaining("allowedTaskHubs");
  }
}
