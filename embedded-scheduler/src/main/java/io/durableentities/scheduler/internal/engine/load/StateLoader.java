package io.durableentities.scheduler.internal.engine.load;

import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.engine.state.QueuedMessage;
import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.MessageRow;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreLoader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new {@link EngineState} from the store: on start, and after a failed write (the old
 * state is dropped whole). Only reads, on the writer's connection, under the writer lock.
 *
 * <p>Most entities only hold a state: a file store leaves them on disk (an in-memory one loads
 * them, one object each); the entities with a lock are loaded and looked at again (timers,
 * readiness, lock holders). A file store's queues are the backlog the pager reads after the engine
 * listens (and after a reload), a page at a time on the writer between requests, as room for live
 * entities frees ({@link #loadQueuePage}, {@link QueueLoad}); an in-memory store reads them here.
 * Leases are not stored, so what was in flight is delivered again.
 */
public final class StateLoader {

  private static final Logger log = LoggerFactory.getLogger(StateLoader.class);

  private final Store store;
  private final WriterLock lock;
  private final EngineConfig config;
  private final boolean lazyEntities;

  /**
   * @param lazyEntities whether entities that only hold a state stay on disk (a file store)
   */
  public StateLoader(Store store, WriterLock lock, EngineConfig config, boolean lazyEntities) {
    this.store = store;
    this.lock = lock;
    this.config = config;
    this.lazyEntities = lazyEntities;
  }

  /**
   * Reads a new state from the store (the caller holds the writer lock); a file store's queues are
   * left to the pager, as on start.
   *
   * @param withDedup whether to read the request ids of the dedup window too (start-up reads them
   *     in the writer's first piece of work instead, so that reads are served sooner)
   */
  public EngineState load(long now, boolean withDedup) throws SQLException {
    return load(now, withDedup, lazyEntities);
  }

  /**
   * Reads a new state for start-up (the caller holds the writer lock): without the request ids of
   * the dedup window (the writer reads them in its first piece of work) and, for a file store,
   * without the queued messages, which the pager reads after the engine listens ({@link
   * #loadQueuePage}).
   */
  public EngineState loadForStart(long now) throws SQLException {
    return load(now, false, lazyEntities);
  }

  private EngineState load(long now, boolean withDedup, boolean deferQueues) throws SQLException {
    lock.checkHeld();
    long started = System.nanoTime();
    EngineState s =
        new EngineState(
            lock,
            config.maxMessageBytes(),
            lazyEntities,
            config.dedupWindowMillis(),
            config.maxResidentEntities());
    Set<EntityRuntime> live = new LinkedHashSet<>();
    if (deferQueues) {
      long lastMessage = store.maxMessageId();
      s.messageIdsAfter(lastMessage);
      if (lastMessage > 0) {
        // First, so that the locked entities read next are incomplete; the fill (BacklogFill)
        // then copies the stored messages' keys into the backlog table, on the writer.
        s.queueLoad().startAfterLoad(lastMessage);
      }
    }
    store.load(new Rows(s, live, now), !lazyEntities, !deferQueues);
    if (lazyEntities) {
      s.storeMayHoldMore(store.hasEntityRows());
      for (EntityRuntime e : live) {
        EntityRow row = store.entities().readEntity(e.hub().name(), e.instanceId());
        if (row != null) {
          e.fillFromRow(row.state(), row.lastModified());
        }
      }
    }
    long entitiesLoaded = System.nanoTime();
    new OrchestrationRows(store).load(s, now, live);
    long orchestrationsLoaded = System.nanoTime();
    int entities = 0;
    for (HubState h : s.hubs()) {
      entities += h.entities().size();
    }
    int messages = 0;
    for (EntityRuntime e : live) {
      messages += e.queue().size();
      if (e.queue().isEmpty()) {
        continue; // a lock alone is neither due nor ready
      }
      long next = e.nextDueAfter(now);
      if (next != Long.MAX_VALUE) {
        e.hub().addTimer(next, e);
      }
      e.hub().refresh(e, now);
    }
    if (withDedup) {
      loadDedup(s, now);
    }
    long done = System.nanoTime();
    log.info(
        "Loaded {} task hub(s), {} entities and {} queued operations from {} in {} ms"
            + " (entities and queues {} ms, orchestrations {} ms, dispatch and timers {} ms)",
        s.hubs().size(),
        entities,
        messages,
        store.where(),
        (done - started) / 1_000_000,
        (entitiesLoaded - started) / 1_000_000,
        (orchestrationsLoaded - entitiesLoaded) / 1_000_000,
        (done - orchestrationsLoaded) / 1_000_000);
    return s;
  }

  /**
   * Reads the next page of the backlog into {@code s} (writer thread, lock held, in a piece of work
   * whose group is committed): the stored messages after the {@link QueueLoad#cursor()}, in id
   * order, at most {@code max}, not past the fill's position ({@link QueueLoad#readLimit()}), as
   * {@link QueueLoad} describes (a message of a complete entity is skipped, one of an incomplete
   * entity appended, one of an entity memory lacks loads it with its row while there is room); the
   * row of each message handled leaves the backlog table, and the table is emptied when the backlog
   * ends. Stops at the first entity there is no room for, unless the workers could take more than
   * the live entities give them ({@link EngineState#mayReadBeyondBound()}). The entities read
   * become ready at once. Returns whether the backlog remains.
   */
  public boolean loadQueuePage(EngineState s, long now, int max) throws SQLException {
    QueueLoad backlog = s.queueLoad();
    if (!backlog.inProgress()) {
      return false;
    }
    if (!s.roomForLiveEntity() && !s.mayReadBeyondBound()) {
      return true;
    }
    long started = System.nanoTime();
    List<MessageRow> rows = new ArrayList<>();
    store.loadMessages(backlog.cursor(), backlog.readLimit(), max, new PageRows(rows));
    Set<EntityRuntime> touched = new LinkedHashSet<>();
    boolean blocked = false;
    for (MessageRow row : rows) {
      HubState h = s.hubOrCreate(row.hub());
      EntityRuntime e = h.entity(row.instanceId());
      if (e == null) {
        if (!s.roomForLiveEntity() && !s.mayReadBeyondBound()) {
          blocked = true;
          break;
        }
        e = new EntityRuntime(h, row.instanceId(), row.enqueuedAt());
        h.addEntity(e); // incomplete: its later stored messages come with the next rows
        EntityRow stored = store.entities().readEntity(h.name(), row.instanceId());
        if (stored != null) {
          e.fillFromRow(stored.state(), stored.lastModified());
        }
      } else if (backlog.complete(e)) {
        store.entities().deleteBacklog(row.hub(), row.instanceId(), row.id());
        backlog.advance(row.id()); // in memory already
        continue;
      }
      store.entities().deleteBacklog(row.hub(), row.instanceId(), row.id());
      e.enqueueStored(new QueuedMessage(row, Protos.parseEvent(row.event())));
      backlog.readIntoMemory(h.name(), e.name());
      touched.add(e);
      backlog.advance(row.id());
      if (row.kind() == MessageRow.KIND_LOCK && row.parentInstanceId() != null) {
        OrchestrationRuntime holder = h.instance(row.parentInstanceId());
        if (holder != null) {
          holder.markRequestedLocks();
        }
      }
    }
    if (!blocked && rows.size() < max && backlog.filling()) {
      // Every stored message up to the fill's position is read (the others there are executed):
      // the next page waits for the fill.
      backlog.advance(backlog.readLimit());
    }
    boolean done = !blocked && rows.size() < max && !backlog.filling();
    if (done) {
      store.entities().clearBacklog(); // empty already, unless a key outlived its message
      backlog.finish();
    }
    for (EntityRuntime e : touched) {
      if (!e.hub().holds(e) || e.queue().isEmpty()) {
        continue;
      }
      long next = e.nextDueAfter(now);
      if (next != Long.MAX_VALUE) {
        e.hub().addTimer(next, e);
      }
      e.hub().refresh(e, now);
    }
    loadedMessages += touched.isEmpty() ? 0 : rows.size();
    if (done) {
      log.info(
          "Read the stored queued operations memory lacked ({} read since the last time, {}"
              + " spilled since the start; last page {} ms)",
          loadedMessages,
          backlog.spilledTotal(),
          (System.nanoTime() - started) / 1_000_000);
      loadedMessages = 0;
    }
    return !done;
  }

  /** Messages read by the pages since the backlog was last read whole (writer thread only). */
  private long loadedMessages;

  /** Collects one page of queued messages. */
  private record PageRows(List<MessageRow> rows) implements StoreLoader {
    @Override
    public void hub(String name) {}

    @Override
    public void entity(String hub, String instanceId, String state, long lastModified) {}

    @Override
    public void endOfEntities(String hub) {}

    @Override
    public void lock(String hub, String instanceId, String lockedBy, String lockCriticalSection) {}

    @Override
    public void consumed(long id) {}

    @Override
    public void message(MessageRow row) {
      rows.add(row);
    }
  }

  /** Reads the request ids of the dedup window into {@code s} (writer lock held). */
  public void loadDedup(EngineState s, long now) throws SQLException {
    loadDedupAfter(s, now, 0);
  }

  /**
   * Like {@link #loadDedup}, for the rows after row id {@code afterId} (those before it are in the
   * window already: {@link DedupPreload} put them in).
   */
  public void loadDedupAfter(EngineState s, long now, long afterId) throws SQLException {
    store.loadDedup(now - config.dedupWindowMillis(), afterId, s.seenRequestIds()::loaded);
    s.seenRequestIds().continueAfter(store.maxDedupId());
    s.markDedupLoaded();
    log.debug("Loaded {} request id(s) of the dedup window", s.seenRequestIds().size());
  }

  /** Receives the entity rows. */
  private static final class Rows implements StoreLoader {
    private final EngineState s;
    private final Set<EntityRuntime> live;
    private final long now;
    private final List<Map.Entry<String, EntityRuntime>> rows = new ArrayList<>();
    private boolean sorted = true;

    Rows(EngineState s, Set<EntityRuntime> live, long now) {
      this.s = s;
      this.live = live;
      this.now = now;
    }

    @Override
    public void hub(String name) {
      s.hubOrCreate(name).markPersisted();
    }

    @Override
    public void entity(String hub, String instanceId, String state, long lastModified) {
      HubState h = s.hubOrCreate(hub);
      EntityRuntime e = EntityRuntime.stored(h, instanceId, state, null, null, lastModified);
      if (sorted && !rows.isEmpty()) {
        // SQLite's binary order differs from String's for characters above U+FFFF.
        sorted = rows.get(rows.size() - 1).getKey().compareTo(instanceId) < 0;
      }
      rows.add(Map.entry(instanceId, e));
    }

    @Override
    public void endOfEntities(String hub) {
      HubState h = s.hubOrCreate(hub);
      if (sorted) {
        h.loadSortedEntities(rows);
      } else {
        rows.forEach(r -> h.addEntity(r.getValue()));
      }
      rows.clear();
      sorted = true;
    }

    private EntityRuntime entity(String hub, String instanceId, long lastModified) {
      HubState h = s.hubOrCreate(hub);
      EntityRuntime e = h.entity(instanceId);
      if (e == null) {
        e = new EntityRuntime(h, instanceId, lastModified);
        h.addEntity(e);
      }
      return e;
    }

    @Override
    public void lock(String hub, String instanceId, String lockedBy, String lockCriticalSection) {
      EntityRuntime e = entity(hub, instanceId, now);
      e.lock(lockedBy, lockCriticalSection);
      live.add(e);
    }

    @Override
    public void consumed(long id) {
      s.consumed().loaded(id);
      s.messageIdsAfter(id);
    }

    @Override
    public void message(MessageRow row) {
      EntityRuntime e = entity(row.hub(), row.instanceId(), row.enqueuedAt());
      e.enqueue(new QueuedMessage(row, Protos.parseEvent(row.event())));
      s.messageIdsAfter(row.id());
      live.add(e);
    }
  }
}
