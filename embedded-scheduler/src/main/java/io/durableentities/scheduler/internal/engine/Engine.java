package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.scheduler.internal.engine.dispatch.EntityDispatcher;
import io.durableentities.scheduler.internal.engine.dispatch.StreamRegistry;
import io.durableentities.scheduler.internal.engine.dispatch.TaskDispatcher;
import io.durableentities.scheduler.internal.engine.entity.BatchCompletion;
import io.durableentities.scheduler.internal.engine.entity.CriticalSections;
import io.durableentities.scheduler.internal.engine.entity.EntityQueries;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.entity.Redelivery;
import io.durableentities.scheduler.internal.engine.entity.Signals;
import io.durableentities.scheduler.internal.engine.entity.StorageCleaner;
import io.durableentities.scheduler.internal.engine.entity.StoredEntities;
import io.durableentities.scheduler.internal.engine.entity.Undeliverable;
import io.durableentities.scheduler.internal.engine.load.BacklogFill;
import io.durableentities.scheduler.internal.engine.load.DedupPreload;
import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.orchestration.ActivityCompletion;
import io.durableentities.scheduler.internal.engine.orchestration.EntityMessages;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceHistories;
import io.durableentities.scheduler.internal.engine.orchestration.InstancePurger;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceReads;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceRequests;
import io.durableentities.scheduler.internal.engine.orchestration.InstanceWaits;
import io.durableentities.scheduler.internal.engine.orchestration.LegacyStarts;
import io.durableentities.scheduler.internal.engine.orchestration.OrchestrationQueries;
import io.durableentities.scheduler.internal.engine.orchestration.Orchestrations;
import io.durableentities.scheduler.internal.engine.orchestration.OrchestratorCompletion;
import io.durableentities.scheduler.internal.engine.orchestration.TaskLeases;
import io.durableentities.scheduler.internal.engine.orchestration.Waiters;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.TaskHubAdmission;
import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.durableentities.scheduler.internal.engine.write.GroupCommitWriter;
import io.durableentities.scheduler.internal.engine.write.Work;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreOptions;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.durableentities.scheduler.internal.telemetry.GaugeReadings;
import io.durableentities.scheduler.internal.telemetry.SchedulerMetrics;
import io.durableentities.scheduler.internal.telemetry.SchedulerTelemetry;
import io.durableentities.scheduler.internal.telemetry.SchedulerTracing;
import java.io.IOException;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * The engine: the store, the writer that owns the engine's memory, and the parts that work on it,
 * wired once. Everything outside reaches it through its {@link #facade()}.
 *
 * <p>The store is the truth; memory ({@link EngineState}) is loaded from it on start (every lease
 * is dropped, so a restart delivers again what was in flight) and again after a failed write.
 * Memory is changed only by the {@link GroupCommitWriter} thread under the {@link WriterLock}; the
 * parts receive the state as a parameter of each call and keep none of it.
 */
public final class Engine implements AutoCloseable {

  private final InstantSource clock;
  private final Store store;
  private final StoreReader reader;
  private final CurrentState current;
  private final GroupCommitWriter writer;
  private final StateLoader loader;
  private final DedupPreload dedupPreload;
  private final StreamRegistry streams;
  private final LegacyStarts legacyStarts;
  private final Maintenance maintenance;
  private final EngineFacade facade;
  private final SchedulerMetrics metrics;
  private final MetricReadings readings;
  private MaintenanceSchedule.Stop maintenanceStop = () -> {};

  private Engine(
      EngineConfig config, EngineSeams seams, Store store, SchedulerTelemetry telemetry) {
    this.clock = seams.clock();
    this.store = store;
    this.reader = store.file() == null ? null : StoreReader.of(store.file().toString());
    WriterLock lock = new WriterLock();
    this.current = new CurrentState(lock);
    this.streams = new StreamRegistry(lock);
    Waiters waiters = new Waiters(lock, seams.waitingCalls());
    StoredEntities stored = new StoredEntities(store, reader);
    InstanceReads instanceReads = new InstanceReads(current, store, reader);
    EntityWrites writes = new EntityWrites(store, stored);
    CriticalSections criticalSections = new CriticalSections(store, writes);
    Orchestrations orchestrations = new Orchestrations(store, criticalSections);
    Undeliverable undeliverable = new Undeliverable(store, writes, orchestrations);
    Redelivery redelivery = new Redelivery(config, store, writes, undeliverable);
    TaskLeases taskLeases = new TaskLeases(config);
    this.loader = new StateLoader(store, lock, config, stored.lazy());
    this.dedupPreload = new DedupPreload(store, current, clock, config.dedupWindowMillis());
    this.legacyStarts = new LegacyStarts(store, orchestrations, writes);
    Recovery recovery = new Recovery(store, current, loader, streams, waiters);
    StorageCleaner storageCleaner = new StorageCleaner(writes);
    InstancePurger purger = new InstancePurger(store, orchestrations, writes);
    SchedulerTracing tracing = new SchedulerTracing(telemetry.tracer());
    this.metrics =
        new SchedulerMetrics(
            telemetry.meter(),
            store.file() == null ? null : store.file().getParent(),
            config.maxResidentEntities(),
            this::readGauges);
    this.maintenance =
        new Maintenance(
            config,
            store,
            current,
            orchestrations,
            taskLeases,
            redelivery,
            recovery,
            new Retention(config, purger, storageCleaner));
    this.writer =
        new GroupCommitWriter(
            lock,
            clock,
            new WriterHooks(
                store,
                current,
                clock,
                criticalSections,
                undeliverable,
                orchestrations,
                waiters,
                new EntityDispatcher(config),
                new TaskDispatcher(config, tracing),
                recovery,
                seams.writerGate(),
                config.maxResidentEntities(),
                metrics,
                new QueueLoading(current, loader, new BacklogFill(store), this::submitLoadPage),
                dedupPreload));
    this.readings = new MetricReadings(writer, current);
    this.facade =
        new EngineFacade(
            writer,
            current,
            streams,
            new Signals(config, store, writes),
            new BatchCompletion(config, store, writes, redelivery, orchestrations),
            redelivery,
            storageCleaner,
            new EntityQueries(current, stored, config.maxMessageBytes()),
            new InstanceRequests(orchestrations, writes),
            new InstanceWaits(current, waiters, instanceReads),
            purger,
            new OrchestratorCompletion(
                store,
                orchestrations,
                new EntityMessages(orchestrations, writes),
                criticalSections,
                stored),
            new ActivityCompletion(orchestrations),
            taskLeases,
            new OrchestrationQueries(current, instanceReads),
            new InstanceHistories(current, store, reader),
            new DashboardQueries(current, stored, instanceReads),
            new TaskHubAdmission(config),
            metrics,
            tracing);
  }

  /**
   * Opens the store, loads memory from it and starts the writer and the maintenance.
   *
   * @throws IllegalStateException when the data directory is in use, its schema is too new, or the
   *     integrity check was asked for and fails
   */
  public static Engine start(SchedulerOptions options, EngineSeams seams)
      throws IOException, SQLException {
    Store store =
        options.inMemory()
            ? Store.openInMemory()
            : Store.open(
                options.dataDir(),
                new StoreOptions(seams.connectionSetup(), options.integrityCheck()));
    Engine engine;
    try {
      engine = new Engine(EngineConfig.of(options), seams, store, SchedulerTelemetry.of(options));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    try {
      engine.load();
    } catch (SQLException | RuntimeException e) {
      engine.metrics.close();
      store.close();
      throw e;
    }
    engine.writer.start();
    // Only writes need the request ids of the dedup window: the writer reads them before it takes
    // any work, outside the lock (DedupPreload), so reads are served as soon as the server
    // listens; this first piece reads what that left (nothing, unless reading failed).
    engine.writer.submit(
        ctx -> {
          EngineState s = engine.current.forWrite();
          if (!s.dedupLoaded()) {
            engine.loader.loadDedupAfter(s, ctx.now(), engine.dedupPreload.through());
          }
          engine.legacyStarts.run(s, ctx.now());
          return null;
        });
    engine.maintenanceStop = seams.maintenance().start(engine::runMaintenance);
    return engine;
  }

  private void load() throws SQLException {
    current.lock().lock();
    try {
      EngineState s = loader.loadForStart(clock.millis());
      streams.attachTo(s);
      current.replace(s);
    } finally {
      current.lock().unlock();
    }
  }

  /** Everything the RPCs and the dashboard can ask of the engine. */
  public EngineFacade facade() {
    return facade;
  }

  /** Where the store lives, for messages. */
  public String storeLocation() {
    return store.where();
  }

  /**
   * The readings of the observable metrics, computed on the writer (see {@link MetricReadings}).
   */
  private CompletableFuture<GaugeReadings> readGauges() {
    return readings.read();
  }

  /** Queues a page of the queue load (the writer exists by the time it is called). */
  private CompletableFuture<Void> submitLoadPage(Work<Void> page) {
    return writer.submit(page);
  }

  private CompletableFuture<Void> runMaintenance() {
    return writer.submit(
        ctx -> {
          maintenance.run(ctx.now());
          return null;
        });
  }

  /**
   * Whether the engine is idle now and what is due next, read under the writer lock: the writer
   * holds it for a whole group (pieces, commit, answers to waiting calls, dispatch), so the answer
   * is always about the state between two groups. For a virtual clock (see {@code
   * internal.testing}), which reads it on the writer thread itself, at the writer's gate, so that
   * nothing can change between the answer and a move of the clock; the scheduler never calls it.
   */
  public Idleness idleness() {
    current.lock().lock();
    try {
      return Idleness.of(current.orNull(), clock.millis());
    } finally {
      current.lock().unlock();
    }
  }

  /** Completes every open stream (shutdown); waits until done. */
  public void completeAllStreams() {
    writer
        .submit(
            ctx -> {
              streams.completeAll();
              return null;
            })
        .exceptionally(e -> null)
        .join();
  }

  /**
   * Stops the maintenance and the writer (after it has written what is queued), closes the store.
   */
  @Override
  public void close() throws IOException, SQLException {
    metrics.close();
    maintenanceStop.stop();
    try {
      writer.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (reader != null) {
      reader.close();
    }
    current.lock().lock();
    try {
      store.close();
    } finally {
      current.lock().unlock();
    }
  }
}
