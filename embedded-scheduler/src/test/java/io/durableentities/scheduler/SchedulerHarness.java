package io.durableentities.scheduler;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityFilter;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkItemFilters;
import io.durableentities.scheduler.internal.engine.EngineSeams;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** An in-process scheduler on a free port, a client channel, and helpers for raw requests. */
final class SchedulerHarness implements AutoCloseable {
  static final String HUB = "default";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final ManualMaintenance maintenance = new ManualMaintenance();
  private final AtomicInteger waitingCalls = new AtomicInteger();
  final EmbeddedScheduler scheduler;
  final ManagedChannel channel;
  final TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub client;
  private final List<TestWorker> workers = new ArrayList<>();

  /** The data directory this harness created and deletes on close, or null. */
  private final Path ownDataDir;

  SchedulerHarness(UnaryOperator<SchedulerOptions.Builder> options) {
    this(options, null);
  }

  private SchedulerHarness(UnaryOperator<SchedulerOptions.Builder> options, Path ownDataDir) {
    this.ownDataDir = ownDataDir;
    scheduler =
        EmbeddedScheduler.start(
            options.apply(SchedulerOptions.newBuilder().inMemory()).build(),
            EngineSeams.defaults()
                .withClock(clock)
                .withMaintenance(maintenance)
                .withWaitingCalls(waitingCalls::set));
    channel = channel(scheduler.port());
    client = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
  }

  SchedulerHarness() {
    this(b -> b);
  }

  /**
   * A scheduler on a new data directory (deleted on close) that keeps no idle entity in memory
   * ({@code maxResidentEntities(0)}, unless {@code options} set another bound): every entity
   * without a queue, a lock or a batch in flight leaves memory after each commit and is read from
   * the database when next used.
   */
  static SchedulerHarness evictingIdleEntities(UnaryOperator<SchedulerOptions.Builder> options) {
    Path dir;
    try {
      dir = Files.createTempDirectory("scheduler-evicting");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SchedulerHarness(
        b -> options.apply(b.dataDir(dir).maxResidentEntities(0).dashboardPort(0)), dir);
  }

  /** Runs timers and lease expiry now and waits for them (after the test moved the clock). */
  void runMaintenanceNow() {
    maintenance.runNow();
  }

  /** The number of waiting long polls (a cancelled wait must leave nothing behind). */
  int waiterCount() {
    return waitingCalls.get();
  }

  static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(64 * 1024 * 1024)
        .build();
  }

  static <S extends AbstractStub<S>> S withHub(S stub, String hub) {
    if (hub == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("taskhub", Metadata.ASCII_STRING_MARSHALLER), hub);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub client(String hub) {
    return withHub(client, hub);
  }

  TestWorker worker() {
    return worker(null, GetWorkItemsRequest.getDefaultInstance());
  }

  TestWorker worker(String hub, GetWorkItemsRequest request) {
    TestWorker w = new TestWorker(channel(scheduler.port()), hub, request);
    workers.add(w);
    return w;
  }

  TestWorker workerFor(String... entityNames) {
    WorkItemFilters.Builder f = WorkItemFilters.newBuilder();
    for (String n : entityNames) {
      f.addEntities(EntityFilter.newBuilder().setName(n));
    }
    return worker(null, GetWorkItemsRequest.newBuilder().setWorkItemFilters(f).build());
  }

  static SignalEntityRequest signalRequest(String id, String op, String input) {
    SignalEntityRequest.Builder b =
        SignalEntityRequest.newBuilder()
            .setInstanceId(id)
            .setName(op)
            .setRequestId(UUID.randomUUID().toString());
    if (input != null) {
      b.setInput(StringValue.of(input));
    }
    return b.build();
  }

  void signal(String id, String op, String input) {
    client.signalEntity(signalRequest(id, op, input));
  }

  GetEntityResponse get(String id) {
    return client.getEntity(
        GetEntityRequest.newBuilder().setInstanceId(id).setIncludeState(true).build());
  }

  /** A result executing the first {@code executed} operations successfully, with a new state. */
  static EntityBatchResult.Builder result(WorkItem item, int executed, String state) {
    EntityBatchResult.Builder r =
        EntityBatchResult.newBuilder().setCompletionToken(item.getCompletionToken());
    for (int i = 0; i < executed; i++) {
      r.addResults(
          OperationResult.newBuilder()
              .setSuccess(OperationResultSuccess.newBuilder().setResult(StringValue.of("null"))));
    }
    if (state != null) {
      r.setEntityState(StringValue.of(state));
    }
    return r;
  }

  /** A result executing every operation of the item. */
  static EntityBatchResult.Builder resultAll(WorkItem item, String state) {
    return result(item, item.getEntityRequestV2().getOperationRequestsCount(), state);
  }

  static List<String> operations(WorkItem item) {
    List<String> ops = new ArrayList<>();
    for (HistoryEvent e : item.getEntityRequestV2().getOperationRequestsList()) {
      ops.add(e.getEntityOperationSignaled().getOperation());
    }
    return ops;
  }

  static List<String> inputs(WorkItem item) {
    List<String> in = new ArrayList<>();
    for (HistoryEvent e : item.getEntityRequestV2().getOperationRequestsList()) {
      in.add(e.getEntityOperationSignaled().getInput().getValue());
    }
    return in;
  }

  @Override
  public void close() throws InterruptedException {
    for (TestWorker w : workers) {
      w.close();
    }
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    scheduler.close();
    if (ownDataDir != null) {
      try (Stream<Path> files = Files.walk(ownDataDir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
