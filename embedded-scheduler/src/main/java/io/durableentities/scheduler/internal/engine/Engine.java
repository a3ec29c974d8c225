package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreLoader;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entity backend: memory (hubs, entities, queues, leases, timers) mirrored from the SQLite
 * store, changed only on the {@link GroupCommitWriter} thread under {@link #lock}.
 *
 * <p>The store is the truth; memory is rebuilt from it on start (every lease is dropped, so a
 * restart re-dispatches what was in flight) and after a failed write. A file store's entities that
 * only hold a state stay on disk until first needed ({@link StoredEntities}). Reads ({@code
 * GetEntity}, {@code QueryEntities}) take the lock briefly and read the disk outside it.
 */
public final class Engine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private static final long TICK_MILLIS = 50;
  private static final long DEDUP_PRUNE_INTERVAL_MILLIS = 60_000;
  private static final int RETIRED_TOKENS = 10_000;

  record Timer(long dueAt, EntityRuntime entity) {}

  final EngineConfig config;
  final Clock clock;
  final Store store;
  final StoredEntities stored;
  final ReentrantLock lock = new ReentrantLock();
  final GroupCommitWriter writer;
  final Dispatcher dispatcher;
  final Redelivery redelivery;
  final LockHolders lockHolders;
  final Orchestrations orchestrations;
  final OrchestrationDispatch orchestrationDispatch;
  final EntityLocks entityLocks;
  final Waiters waiters = new Waiters();
  final SeenRequestIds seenRequestIds = new SeenRequestIds();
  final ConsumedMessages consumedMessages = new ConsumedMessages();

  final Map<String, HubState> hubs = new HashMap<>();
  final Map<String, Lease> leases = new HashMap<>();
  final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::dueAt));

  /** Tokens of finished leases, to name the entity when a stale token comes back. */
  final Map<String, String> retiredTokens =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > RETIRED_TOKENS;
        }
      };

  long nextMessageId = 1;
  private long nextPruneAt;
  private final ScheduledExecutorService ticker;
  private final AtomicBoolean tickPending = new AtomicBoolean();
  private final AtomicBoolean kickPending = new AtomicBoolean();

  private Engine(EngineConfig config, Clock clock, Store store) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.stored = new StoredEntities(store);
    this.orchestrations = new Orchestrations(this);
    this.orchestrationDispatch = new OrchestrationDispatch(this);
    this.entityLocks = new EntityLocks(this);
    this.lockHolders = orchestrations::isRunning;
    this.dispatcher = new Dispatcher(this);
    this.redelivery = new Redelivery(this);
    this.writer = new GroupCommitWriter(lock, clock, new WriterHooks());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "scheduler-ticker");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens the store, rebuilds memory from it and starts the writer and the timer.
   *
   * @throws IllegalStateException when the data directory is in use or its schema is too new
   */
  public static Engine start(SchedulerOptions options, Clock clock)
      throws IOException, SQLException {
    Store store = options.inMemory() ? Store.openInMemory() : Store.open(options.dataDir());
    Engine engine = new Engine(EngineConfig.of(options), clock, store);
    engine.lock.lock();
    try {
      engine.load();
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    } finally {
      engine.lock.unlock();
    }
    engine.writer.start();
    // Only writes need the request ids of the dedup window: the writer reads them before any
    // submitted write, so reads are served as soon as the server listens.
    engine.writer.submit(
        ctx -> {
          engine.loadSeenRequestIds(ctx.now);
          return null;
        });
    engine.writer.submit(
        ctx -> {
          new OrchestrationLoading(engine).startLegacyOrchestrations(ctx.now);
          return null;
        });
    engine.ticker.scheduleWithFixedDelay(
        engine::requestTick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return engine;
  }

  /** Where the store lives, for messages. */
  public String storeLocation() {
    return store.where();
  }

  // ---------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------

  /**
   * Rebuilds memory from the store. Most entities only hold a state: a file store leaves them on
   * disk (an in-memory one loads them, one object each); the entities with a queue or a lock are
   * loaded and looked at again (timers, readiness, lock holders).
   */
  private void load() throws SQLException {
    long now = clock.millis();
    long started = System.nanoTime();
    Set<EntityRuntime> live = new LinkedHashSet<>();
    store.load(
        new StoreLoader() {
          @Override
          public void hub(String name) {
            hubs.computeIfAbsent(name, HubState::new).persisted = true;
          }

          private final List<Map.Entry<String, EntityRuntime>> rows = new ArrayList<>();
          private boolean sorted = true;

          @Override
          public void entity(String hub, String instanceId, String state, long lastModified) {
            HubState h = hubs.computeIfAbsent(hub, HubState::new);
            EntityRuntime e = new EntityRuntime(h, instanceId, lastModified);
            e.state = state;
            if (sorted && !rows.isEmpty()) {
              // SQLite's binary order differs from String's for characters above U+FFFF.
              sorted = rows.get(rows.size() - 1).getKey().compareTo(instanceId) < 0;
            }
            rows.add(Map.entry(instanceId, e));
          }

          @Override
          public void endOfEntities(String hub) {
            TreeMap<String, EntityRuntime> entities =
                hubs.computeIfAbsent(hub, HubState::new).entities;
            if (sorted && entities.isEmpty()) {
              entities.putAll(new SortedEntries<>(rows));
            } else {
              rows.forEach(r -> entities.put(r.getKey(), r.getValue()));
            }
            rows.clear();
            sorted = true;
          }

          @Override
          public void lock(
              String hub, String instanceId, String lockedBy, String lockCriticalSection) {
            HubState h = hubs.computeIfAbsent(hub, HubState::new);
            EntityRuntime e =
                h.entities.computeIfAbsent(instanceId, id -> new EntityRuntime(h, id, now));
            e.lockedBy = lockedBy;
            e.lockCriticalSection = lockCriticalSection;
            live.add(e);
          }

          @Override
          public void message(MessageRow row) {
            HubState h = hubs.computeIfAbsent(row.hub(), HubState::new);
            EntityRuntime e =
                h.entities.computeIfAbsent(
                    row.instanceId(), id -> new EntityRuntime(h, id, row.enqueuedAt()));
            e.queue.add(new QueuedMessage(row, Protos.parseEvent(row.event())));
            nextMessageId = Math.max(nextMessageId, row.id() + 1);
            live.add(e);
          }
        },
        !stored.lazy());
    stored.fillLoaded(live);
    long entitiesLoaded = System.nanoTime();
    new OrchestrationLoading(this).load(now, live);
    long orchestrationsLoaded = System.nanoTime();
    int entities = 0;
    for (HubState h : hubs.values()) {
      entities += h.entities.size();
    }
    int messages = 0;
    for (EntityRuntime e : live) {
      messages += e.queue.size();
      if (e.queue.isEmpty()) {
        continue; // a lock alone is neither due nor ready
      }
      long next = e.nextDueAfter(now);
      if (next != Long.MAX_VALUE) {
        timers.add(new Timer(next, e));
      }
      dispatcher.refresh(e, now);
    }
    long done = System.nanoTime();
    log.info(
        "Loaded {} task hub(s), {} entities and {} queued operations from {} in {} ms"
            + " (entities and queues {} ms, orchestrations {} ms, dispatch and timers {} ms)",
        hubs.size(),
        entities,
        messages,
        store.where(),
        (done - started) / 1_000_000,
        (entitiesLoaded - started) / 1_000_000,
        (orchestrationsLoaded - entitiesLoaded) / 1_000_000,
        (done - orchestrationsLoaded) / 1_000_000);
  }

  /** Rebuilds the request ids of the dedup window from the store's dedup log. */
  private void loadSeenRequestIds(long now) throws SQLException {
    seenRequestIds.clear();
    store.loadDedup(now - config.dedupWindowMillis(), seenRequestIds::loaded);
    seenRequestIds.continueAfter(store.maxDedupId());
    log.debug("Loaded {} request id(s) of the dedup window", seenRequestIds.size());
  }

  private final class WriterHooks implements GroupCommitWriter.Hooks {
    @Override
    public void beforeCommit(long now) throws SQLException {
      entityLocks.process(now);
      consumedMessages.deleteOldest(store);
    }

    @Override
    public void commit() throws SQLException {
      store.commit();
    }

    @Override
    public void afterCommit(long now) {
      try {
        waiters.notifyChanged(orchestrations.changed);
      } finally {
        orchestrations.changed.clear();
        orchestrations.dropFinishedHistories();
      }
      dispatcher.dispatch(now);
      for (HubState h : hubs.values()) {
        orchestrationDispatch.dispatch(h, now);
      }
    }

    @Override
    public void recover(Exception cause) {
      try {
        store.rollback();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
      for (HubState h : hubs.values()) {
        h.entities.clear();
        h.readyByName.clear();
        h.instances.clear();
        h.readyOrchestrations.clear();
        h.readyActivities.clear();
        h.persisted = false;
        for (WorkStream s : h.streams) {
          s.leases.clear();
          s.taskLeases.clear();
          s.leasedActivities = 0;
          s.leasedOrchestrations = 0;
        }
      }
      leases.clear();
      timers.clear();
      orchestrationDispatch.clear();
      orchestrations.timers.clear();
      orchestrations.changed.clear();
      entityLocks.candidates.clear();
      consumedMessages.clear();
      try {
        store.purgeConsumed();
        load();
        loadSeenRequestIds(clock.millis());
      } catch (SQLException | RuntimeException e) {
        log.error("Could not reload the scheduler state from {}", store.where(), e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Shared steps, called on the writer thread
  // ---------------------------------------------------------------------------------------

  /** The hub, recorded in the store on first write. */
  HubState hubForWrite(String name, long now) throws SQLException {
    HubState h = hubs.computeIfAbsent(name, HubState::new);
    if (!h.persisted) {
      store.insertHub(name, now);
      h.persisted = true;
    }
    return h;
  }

  /**
   * Appends a message to an entity's queue (reading the entity from the store, or creating it, when
   * memory lacks it).
   */
  void enqueue(
      HubState h,
      String instanceId,
      String requestId,
      int kind,
      String parentInstanceId,
      String parentExecutionId,
      HistoryEvent event,
      long dueAt,
      long now)
      throws SQLException {
    EntityRuntime e = stored.findOrCreate(h, instanceId, now);
    MessageRow row =
        new MessageRow(
            nextMessageId++,
            h.name,
            instanceId,
            requestId,
            kind,
            parentInstanceId,
            parentExecutionId,
            event.toByteArray(),
            dueAt,
            now,
            0);
    store.insertMessage(row);
    e.queue.add(new QueuedMessage(row, event));
    if (dueAt > now) {
      timers.add(new Timer(dueAt, e));
    }
    dispatcher.refresh(e, now);
  }

  /**
   * Writes an entity's row (only entities with state or a lock have one) and forgets an entity that
   * has nothing left (implicit deletion).
   */
  void persist(EntityRuntime e) throws SQLException {
    HubState h = e.hub;
    if (e.state == null && e.lockedBy == null) {
      store.deleteEntity(h.name, e.instanceId);
    } else {
      store.upsertEntity(
          h.name, e.instanceId, e.state, e.lockedBy, e.lockCriticalSection, e.lastModified);
    }
    if (e.isEmpty()) {
      h.entities.remove(e.instanceId, e);
      h.unmarkReady(e);
    }
  }

  /**
   * Delivers an entity's answer to an orchestration's inbox; dropped when the orchestration (or
   * that execution of it) has finished.
   */
  void respond(HubState h, String instanceId, String executionId, HistoryEvent event, long now)
      throws SQLException {
    orchestrations.deliver(h, instanceId, executionId, event, 0, now);
  }

  // ---------------------------------------------------------------------------------------
  // Timers, streams, maintenance
  // ---------------------------------------------------------------------------------------

  private void requestTick() {
    if (!tickPending.getAndSet(true)) {
      writer.submit(
          ctx -> {
            tickPending.set(false);
            tick(ctx.now);
            return null;
          });
    }
  }

  /** Runs the timers, lease expiry and pruning now; completes once done (for tests). */
  public CompletableFuture<Void> tickNow() {
    return writer.submit(
        ctx -> {
          tick(ctx.now);
          return null;
        });
  }

  private void tick(long now) throws SQLException {
    while (!timers.isEmpty() && timers.peek().dueAt() <= now) {
      EntityRuntime e = timers.poll().entity();
      if (e.hub.entities.get(e.instanceId) == e) {
        dispatcher.refresh(e, now);
      }
    }
    orchestrations.runTimers(now);
    orchestrationDispatch.expire(now);
    List<Lease> expired = new ArrayList<>();
    for (Lease l : leases.values()) {
      if (l.expiresAt <= now) {
        expired.add(l);
      }
    }
    for (Lease l : expired) {
      boolean counts = l.stream.completedAny;
      if (!counts) {
        l.stream.suspect = true;
      }
      redelivery.release(
          l,
          counts,
          "its lease expired after "
              + config.leaseTimeoutMillis()
              + " ms on "
              + l.stream
              + (counts ? "" : " (a stream that never completed an entity work item)"),
          now);
    }
    if (now >= nextPruneAt) {
      nextPruneAt = now + DEDUP_PRUNE_INTERVAL_MILLIS;
      long through = seenRequestIds.forgetBefore(now - config.dedupWindowMillis());
      int pruned = through > 0 ? store.pruneDedup(through) : 0;
      if (pruned > 0) {
        log.debug("Forgot {} request id(s) older than the dedup window", pruned);
      }
    }
  }

  /** The number of waiting long polls (WaitForInstanceStart/Completion), for tests. */
  public int waiterCount() {
    lock.lock();
    try {
      return waiters.count();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the writer to dispatch (e.g. a stream became ready again). */
  public void kick() {
    if (!kickPending.getAndSet(true)) {
      writer.submit(
          ctx -> {
            kickPending.set(false);
            return null;
          });
    }
  }

  /** Completes every open stream (shutdown); waits until done. */
  public void completeAllStreams() {
    dispatcher.completeAll();
  }

  /** Stops the timer and the writer (after it has written what is queued) and closes the store. */
  @Override
  public void close() throws IOException, SQLException {
    ticker.shutdownNow();
    try {
      writer.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stored.close();
    lock.lock();
    try {
      store.close();
    } finally {
      lock.unlock();
    }
  }
}
