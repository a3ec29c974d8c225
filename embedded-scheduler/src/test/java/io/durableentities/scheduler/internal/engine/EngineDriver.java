package io.durableentities.scheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.SchedulerOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An engine on a data directory, driven through its façade as the gRPC service drives it, with the
 * means of the recovery tests: raw SQL on the database (fault-injecting triggers), a writer held
 * back at its gate ({@link EngineSeams#writerGate()}) so that requests share one group, and a fresh
 * load of a copy of the store.
 */
final class EngineDriver implements AutoCloseable {

  static final String HUB = "default";

  private final Path dataDir;
  private final ManualWriterGate gate = new ManualWriterGate();

  /** The given seams with this driver's gate. */
  private final EngineSeams seams;

  /** The options besides the data directory (the same after every restart). */
  private final UnaryOperator<SchedulerOptions.Builder> options;

  private Engine engine;

  EngineDriver(Path dataDir, EngineSeams seams, UnaryOperator<SchedulerOptions.Builder> options)
      throws Exception {
    this.dataDir = dataDir;
    this.seams = seams.withWriterGate(gate);
    this.options = options;
    this.engine = Engine.start(options(), this.seams);
  }

  EngineDriver(Path dataDir, EngineSeams seams) throws Exception {
    this(dataDir, seams, UnaryOperator.identity());
  }

  private SchedulerOptions options() {
    return options.apply(SchedulerOptions.newBuilder().dataDir(dataDir)).build();
  }

  EngineDriver(Path dataDir) throws Exception {
    this(dataDir, EngineSeams.defaults());
  }

  EngineFacade facade() {
    return engine.facade();
  }

  /** Closes the engine and starts a new one on the same directory. */
  void restart() throws Exception {
    engine.close();
    engine = Engine.start(options(), seams);
  }

  /**
   * Closes the engine and starts a new one on the same directory whose writer is held back at its
   * gate (it takes no work until {@link #releaseWriter}).
   */
  void restartHoldingWriter() throws Exception {
    engine.close();
    gate.shutNow();
    engine = Engine.start(options(), seams);
  }

  /** Lets the writer take work again. */
  void releaseWriter() {
    gate.open();
  }

  /** A worker stream taking everything of the default hub. */
  FakeStream stream() {
    FakeStream s = new FakeStream();
    facade().openStream(HUB, s, s, GetWorkItemsRequest.getDefaultInstance(), false);
    return s;
  }

  /** A raw connection to the database (autocommit). */
  Connection sql() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
    }
    return c;
  }

  /** Runs SQL on the database (a fault-injecting trigger, its removal). */
  void execute(String sql) throws SQLException {
    try (Connection c = sql();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Runs writes while the writer is held back at its gate, so that all of them are queued when it
   * takes work again and share one group (up to {@code GroupCommitWriter.MAX_GROUP}). Returns each
   * write's outcome once all are done.
   */
  List<Status.Code> inOneGroup(List<Supplier<CompletableFuture<?>>> writes) throws Exception {
    List<Status.Code> outcomes = new ArrayList<>();
    for (CompletableFuture<?> f : queuedTogether(writes)) {
      outcomes.add(outcome(f));
    }
    return outcomes;
  }

  /**
   * Queues writes while the writer is held back at its gate, so that it finds all of them queued
   * when it takes work again; returns their futures at once.
   */
  List<CompletableFuture<?>> queuedTogether(List<Supplier<CompletableFuture<?>>> writes)
      throws InterruptedException {
    List<CompletableFuture<?>> futures = new ArrayList<>();
    gate.shut();
    try {
      for (Supplier<CompletableFuture<?>> w : writes) {
        futures.add(w.get());
      }
    } finally {
      gate.open();
    }
    return futures;
  }

  /** OK, or the status code a write failed with (20 s at most). */
  static Status.Code outcome(CompletableFuture<?> f) throws Exception {
    try {
      f.get(20, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (java.util.concurrent.ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    }
  }

  /** The description a failed write was answered with. */
  static String description(CompletableFuture<?> f) {
    try {
      f.join();
      return "";
    } catch (CompletionException e) {
      return ((StatusRuntimeException) e.getCause()).getStatus().getDescription();
    }
  }

  /** The memory of this engine, as every read answers it. */
  String dump() {
    return StateDump.of(facade());
  }

  /**
   * The memory a fresh load of the same store holds: the committed database is copied (SQLite's
   * backup) and another engine is started on the copy.
   */
  String freshLoadDump(Path scratch) throws Exception {
    Path copy = Files.createDirectories(scratch.resolve("copy-" + UUID.randomUUID()));
    try (Connection c = sql();
        Statement s = c.createStatement()) {
      s.executeUpdate("backup to " + copy.resolve("scheduler.db"));
    }
    Engine fresh =
        Engine.start(
            SchedulerOptions.newBuilder().dataDir(copy).build(),
            seams.withWriterGate(WriterGate.OPEN));
    try {
      await("the fresh engine has read its stored queues")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !fresh.facade().loadingQueues());
      return StateDump.of(fresh.facade());
    } finally {
      fresh.close();
    }
  }

  static SignalEntityRequest signal(String id, String op, String requestId) {
    return SignalEntityRequest.newBuilder()
        .setInstanceId(id)
        .setName(op)
        .setRequestId(requestId)
        .build();
  }

  static String guid() {
    return UUID.randomUUID().toString();
  }

  /** A result executing every operation of an entity work item, with a new state. */
  static EntityBatchResult resultAll(WorkItem item, String state) {
    EntityBatchResult.Builder r =
        EntityBatchResult.newBuilder().setCompletionToken(item.getCompletionToken());
    for (int i = 0; i < item.getEntityRequestV2().getOperationRequestsCount(); i++) {
      r.addResults(
          OperationResult.newBuilder()
              .setSuccess(OperationResultSuccess.newBuilder().setResult(StringValue.of("null"))));
    }
    return r.setEntityState(StringValue.of(state)).build();
  }

  /** Checks that the engine answers its memory as a fresh load of its store does. */
  void assertMemoryEqualsAFreshLoad(Path scratch) throws Exception {
    String live = dump();
    assertThat(live).isEqualTo(freshLoadDump(scratch));
  }

  @Override
  public void close() throws Exception {
    engine.close();
  }
}
