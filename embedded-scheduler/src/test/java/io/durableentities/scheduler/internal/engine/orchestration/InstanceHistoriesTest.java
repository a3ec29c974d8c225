package io.durableentities.scheduler.internal.engine.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.ExecutionCompletedEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.scheduler.internal.engine.entity.CriticalSections;
import io.durableentities.scheduler.internal.engine.entity.EntityWrites;
import io.durableentities.scheduler.internal.engine.entity.StoredEntities;
import io.durableentities.scheduler.internal.engine.load.StateLoader;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.OrchestrationRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.WriterLock;
import io.durableentities.scheduler.internal.engine.write.GroupCommitWriter;
import io.durableentities.scheduler.internal.engine.write.StateWork;
import io.durableentities.scheduler.internal.store.Store;
import io.durableentities.scheduler.internal.store.StoreOptions;
import io.durableentities.scheduler.internal.store.StoreReader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A finished instance's history leaves memory only once the commit that ended it is durable, and is
 * then read from the store (its own read connection for a file, the writer's for an in-memory
 * database); a finish that is rolled back leaves the instance running with its history in memory.
 *
 * <p>Runs the orchestration parts on a writer of their own whose recovery does what the engine's
 * does: reset the store, load a new state.
 */
class InstanceHistoriesTest {

  private static final String HUB = "default";

  @TempDir Path dataDir;

  private Store store;
  private StoreReader reader;
  private final WriterLock lock = new WriterLock();
  private final CurrentState current = new CurrentState(lock);
  private Orchestrations orchestrations;
  private InstanceHistories histories;
  private GroupCommitWriter writer;

  private void start(boolean inMemory) throws Exception {
    store = inMemory ? Store.openInMemory() : Store.open(dataDir, StoreOptions.DEFAULT);
    reader = inMemory ? null : StoreReader.of(store.file().toString());
    StoredEntities stored = new StoredEntities(store, reader);
    EntityWrites writes = new EntityWrites(store, stored);
    orchestrations = new Orchestrations(store, new CriticalSections(store, writes));
    histories = new InstanceHistories(current, store, reader);
    StateLoader loader =
        new StateLoader(store, lock, EngineConfig.of(SchedulerOptions.defaults()), stored.lazy());
    lock.lock();
    try {
      current.replace(loader.load(0, true));
    } finally {
      lock.unlock();
    }
    writer =
        new GroupCommitWriter(
            lock,
            Clock.systemUTC(),
            new GroupCommitWriter.Hooks() {
              @Override
              public void commit() throws SQLException {
                store.commit();
              }

              @Override
              public void recover(Exception cause) {
                try {
                  store.reset();
                  current.replace(loader.load(0, true));
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              }

              @Override
              public void afterCommit(long now) {
                current.orNull().evictFinishedInstances();
              }

              @Override
              public long changes() {
                return lock.changes() + store.totalChanges();
              }
            });
    writer.start();
  }

  @AfterEach
  void stop() throws Exception {
    writer.stop();
    if (reader != null) {
      reader.close();
    }
    store.close();
  }

  private <T> T run(StateWork<T> work) throws Exception {
    return await(writer.submit(ctx -> work.run(current.forWrite(), ctx)));
  }

  private static HistoryEvent started(long now) {
    return Protos.event(now)
        .setExecutionStarted(ExecutionStartedEvent.newBuilder().setName("Chain"))
        .build();
  }

  private static HistoryEvent completed(long now) {
    return Protos.event(now)
        .setExecutionCompleted(
            ExecutionCompletedEvent.newBuilder()
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED))
        .build();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  /** Creates a running instance whose history holds its ExecutionStarted (committed). */
  private OrchestrationRuntime running(String id) throws Exception {
    return run(
        (s, ctx) -> {
          HubState h = s.hubOrCreate(HUB);
          OrchestrationRuntime o =
              orchestrations.create(
                  s,
                  h,
                  new Orchestrations.StartSpec(id, "Chain", null, null, 0, null, null),
                  ctx.now());
          orchestrations.appendHistory(o, started(ctx.now()));
          o.setStatus(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING, ctx.now());
          orchestrations.persist(s, o);
          return o;
        });
  }

  private static List<HistoryEvent.EventTypeCase> types(List<HistoryEvent> events) {
    List<HistoryEvent.EventTypeCase> out = new ArrayList<>();
    events.forEach(e -> out.add(e.getEventTypeCase()));
    return out;
  }

  @ParameterizedTest(name = "in memory: {0}")
  @ValueSource(booleans = {false, true})
  void finishedInstance_leavesMemoryAfterTheCommit_andIsReadFromTheStore(boolean inMemory)
      throws Exception {
    start(inMemory);
    OrchestrationRuntime o = running("done");
    AtomicBoolean heldUntilCommit = new AtomicBoolean();

    run(
        (s, ctx) -> {
          orchestrations.appendHistory(o, completed(ctx.now()));
          orchestrations.finish(
              s, o, OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED, "\"out\"", null, ctx.now());
          heldUntilCommit.set(
              s.hub(HUB).instance("done") == o && o.history() != null && o.history().size() == 2);
          return null;
        });
    boolean dropped = current.read(s -> s.hub(HUB).instance("done") == null);

    assertThat(heldUntilCommit).isTrue();
    assertThat(dropped).isTrue();
    assertThat(types(histories.read("StreamInstanceHistory", HUB, "done", null)))
        .containsExactly(
            HistoryEvent.EventTypeCase.EXECUTIONSTARTED,
            HistoryEvent.EventTypeCase.EXECUTIONCOMPLETED);
    assertThat(types(histories.read("StreamInstanceHistory", HUB, "done", o.executionId())))
        .hasSize(2);
  }

  @ParameterizedTest(name = "in memory: {0}")
  @ValueSource(booleans = {false, true})
  void rolledBackFinish_leavesTheInstanceRunning_withItsHistory(boolean inMemory) throws Exception {
    start(inMemory);
    OrchestrationRuntime o = running("unlucky");

    CompletableFuture<Object> failed =
        writer.submit(
            ctx -> {
              EngineState s = current.forWrite();
              orchestrations.appendHistory(o, completed(ctx.now()));
              orchestrations.finish(
                  s, o, OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED, null, null, ctx.now());
              throw new IllegalStateException("simulated storage failure");
            });
    assertThatThrownBy(() -> await(failed)).isInstanceOf(ExecutionException.class);
    OrchestrationRuntime reloaded = current.read(s -> s.hub(HUB).instance("unlucky"));

    assertThat(reloaded.status()).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
    assertThat(types(histories.read("StreamInstanceHistory", HUB, "unlucky", null)))
        .containsExactly(HistoryEvent.EventTypeCase.EXECUTIONSTARTED);
  }
}
