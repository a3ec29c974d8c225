package io.durableentities.scheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.protocol.internal.ExecutionCompletedEvent;
import io.durableentities.protocol.internal.ExecutionStartedEvent;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OrchestrationStatus;
import io.durableentities.scheduler.SchedulerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A finished instance's history leaves memory only once the commit that ended it is durable, and is
 * then read from the store (its own read connection for a file, the writer's for an in-memory
 * database); a finish that is rolled back leaves the instance running with its history in memory.
 */
class InstanceHistoriesTest {

  private static final String HUB = "default";

  @TempDir Path dataDir;

  private Engine start(boolean inMemory) throws Exception {
    SchedulerOptions.Builder b = SchedulerOptions.newBuilder();
    return Engine.start((inMemory ? b.inMemory() : b.dataDir(dataDir)).build(), Clock.systemUTC());
  }

  private static HistoryEvent started(long now) {
    return Orchestrations.event(now)
        .setExecutionStarted(ExecutionStartedEvent.newBuilder().setName("Chain"))
        .build();
  }

  private static HistoryEvent completed(long now) {
    return Orchestrations.event(now)
        .setExecutionCompleted(
            ExecutionCompletedEvent.newBuilder()
                .setOrchestrationStatus(OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED))
        .build();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  /** Creates a running instance whose history holds its ExecutionStarted (committed). */
  private static OrchestrationRuntime running(Engine engine, String id) throws Exception {
    return await(
        engine.writer.submit(
            ctx -> {
              HubState h = engine.hubForWrite(HUB, ctx.now);
              OrchestrationRuntime o =
                  engine.orchestrations.create(
                      h,
                      new Orchestrations.StartSpec(id, "Chain", null, null, 0, null, null),
                      ctx.now);
              engine.orchestrations.appendHistory(o, started(ctx.now));
              o.status = OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING;
              engine.orchestrations.persist(o);
              return o;
            }));
  }

  private static List<HistoryEvent.EventTypeCase> types(List<HistoryEvent> events) {
    List<HistoryEvent.EventTypeCase> out = new ArrayList<>();
    events.forEach(e -> out.add(e.getEventTypeCase()));
    return out;
  }

  @ParameterizedTest(name = "in memory: {0}")
  @ValueSource(booleans = {false, true})
  void finishedHistory_leavesMemoryAfterTheCommit_andIsReadFromTheStore(boolean inMemory)
      throws Exception {
    try (Engine engine = start(inMemory)) {
      OrchestrationBackend backend = new OrchestrationBackend(engine);
      OrchestrationRuntime o = running(engine, "done");
      AtomicBoolean heldUntilCommit = new AtomicBoolean();

      await(
          engine.writer.submit(
              ctx -> {
                engine.orchestrations.appendHistory(o, completed(ctx.now));
                engine.orchestrations.finish(
                    o,
                    OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED,
                    "\"out\"",
                    null,
                    ctx.now);
                heldUntilCommit.set(o.history != null && o.history.size() == 2);
                return null;
              }));
      boolean dropped;
      engine.lock.lock();
      try {
        dropped = o.history == null;
      } finally {
        engine.lock.unlock();
      }

      assertThat(heldUntilCommit).isTrue();
      assertThat(dropped).isTrue();
      assertThat(types(backend.history(HUB, "done", null)))
          .containsExactly(
              HistoryEvent.EventTypeCase.EXECUTIONSTARTED,
              HistoryEvent.EventTypeCase.EXECUTIONCOMPLETED);
      assertThat(types(backend.history(HUB, "done", o.executionId))).hasSize(2);
    }
  }

  @ParameterizedTest(name = "in memory: {0}")
  @ValueSource(booleans = {false, true})
  void rolledBackFinish_leavesTheInstanceRunning_withItsHistory(boolean inMemory) throws Exception {
    try (Engine engine = start(inMemory)) {
      OrchestrationBackend backend = new OrchestrationBackend(engine);
      OrchestrationRuntime o = running(engine, "unlucky");

      var failed =
          engine.writer.submit(
              ctx -> {
                engine.orchestrations.appendHistory(o, completed(ctx.now));
                engine.orchestrations.finish(
                    o, OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED, null, null, ctx.now);
                throw new IllegalStateException("simulated storage failure");
              });
      assertThatThrownBy(() -> await(failed)).isInstanceOf(ExecutionException.class);
      OrchestrationRuntime reloaded;
      engine.lock.lock();
      try {
        reloaded = engine.hubs.get(HUB).instances.get("unlucky");
      } finally {
        engine.lock.unlock();
      }

      assertThat(reloaded.status).isEqualTo(OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING);
      assertThat(types(backend.history(HUB, "unlucky", null)))
          .containsExactly(HistoryEvent.EventTypeCase.EXECUTIONSTARTED);
    }
  }
}
