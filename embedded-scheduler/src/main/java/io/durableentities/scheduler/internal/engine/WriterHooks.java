package io.durableentities.scheduler.internal.engine;

import io.durableentities.scheduler.internal.engine.dispatch.EntityDispatcher;
import io.durableentities.scheduler.internal.engine.dispatch.TaskDispatcher;
import io.durableentities.scheduler.internal.engine.entity.CriticalSections;
import io.durableentities.scheduler.internal.engine.entity.Undeliverable;
import io.durableentities.scheduler.internal.engine.load.DedupPreload;
import io.durableentities.scheduler.internal.engine.orchestration.Orchestrations;
import io.durableentities.scheduler.internal.engine.orchestration.Waiters;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.write.GroupCommitWriter;
import io.durableentities.scheduler.internal.engine.write.StorageFailures;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.telemetry.SchedulerMetrics;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.InstantSource;

/**
 * What the writer does around each group: the gate before it takes work ({@link
 * EngineSeams#writerGate()}), lock processing, operations too large to deliver and deferred
 * deletions before the commit, the commit, then the waiting calls, finished instances and idle
 * entities leaving memory (now that their rows are committed) and dispatch; and recovery when a
 * group fails. Groups run without a state while none is loaded: nothing is committed or dispatched
 * then.
 */
final class WriterHooks implements GroupCommitWriter.Hooks {

  private final Store store;
  private final CurrentState current;
  private final InstantSource clock;
  private final CriticalSections criticalSections;
  private final Undeliverable undeliverable;
  private final Orchestrations orchestrations;
  private final Waiters waiters;
  private final EntityDispatcher entityDispatcher;
  private final TaskDispatcher taskDispatcher;
  private final Recovery recovery;
  private final WriterGate gate;
  private final int maxResidentEntities;
  private final SchedulerMetrics metrics;
  private final QueueLoading queueLoading;
  private final DedupPreload dedupPreload;

  WriterHooks(
      Store store,
      CurrentState current,
      InstantSource clock,
      CriticalSections criticalSections,
      Undeliverable undeliverable,
      Orchestrations orchestrations,
      Waiters waiters,
      EntityDispatcher entityDispatcher,
      TaskDispatcher taskDispatcher,
      Recovery recovery,
      WriterGate gate,
      int maxResidentEntities,
      SchedulerMetrics metrics,
      QueueLoading queueLoading,
      DedupPreload dedupPreload) {
    this.store = store;
    this.current = current;
    this.clock = clock;
    this.criticalSections = criticalSections;
    this.undeliverable = undeliverable;
    this.orchestrations = orchestrations;
    this.waiters = waiters;
    this.entityDispatcher = entityDispatcher;
    this.taskDispatcher = taskDispatcher;
    this.recovery = recovery;
    this.gate = gate;
    this.maxResidentEntities = maxResidentEntities;
    this.metrics = metrics;
    this.queueLoading = queueLoading;
    this.dedupPreload = dedupPreload;
  }

  @Override
  public void beforeTaking() throws InterruptedException {
    gate.pass();
    dedupPreload.runOnce(); // the first time only: the dedup window, outside the lock
  }

  @Override
  public void beforeCommit(long now) throws SQLException {
    EngineState s = current.orNull();
    if (s != null) {
      // Dropping an oversized operation may bring a lock request to the head of its queue.
      do {
        criticalSections.process(s, orchestrations, now);
      } while (undeliverable.dropOversized(s, now));
      s.consumed().deleteOldest(store);
    }
  }

  @Override
  public void commit() throws SQLException {
    if (current.isLoaded()) {
      store.commit();
    }
  }

  @Override
  public void committed(int size, long commitNanos) {
    metrics.groupCommitted(size, commitNanos);
  }

  @Override
  public void afterCommit(long now) {
    EngineState s = current.orNull();
    if (s == null) {
      return;
    }
    try {
      waiters.notifyChanged(s);
    } finally {
      s.evictFinishedInstances();
      s.evictIdleEntities(maxResidentEntities);
      queueLoading.next(s);
    }
    entityDispatcher.dispatch(s, now);
    taskDispatcher.dispatch(s, now);
  }

  @Override
  public void recover(Exception cause) {
    recovery.recover(cause, clock.millis());
    EngineState s = current.orNull();
    if (s != null) {
      queueLoading.next(s); // a reload leaves the stored queues to the pager
    }
  }

  @Override
  public long changes() {
    return current.lock().changes() + store.totalChanges();
  }

  @Override
  public boolean transactionLost() {
    return store.transactionLost();
  }

  @Override
  public void pieceFailed() {
    store.resetStatements();
  }

  @Override
  public StatusRuntimeException statusOf(Exception failure) {
    return StorageFailures.status(
        failure, "The scheduler could not store the request", store.where());
  }
}
