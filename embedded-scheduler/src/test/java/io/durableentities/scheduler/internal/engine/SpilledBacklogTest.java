package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.resultAll;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.scheduler.internal.engine.state.EngineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded when the backlog is far larger than {@code maxResidentEntities}: a message
 * for an entity memory lacks, while that many entities are live, is committed but not read into
 * memory (spilled), and the pager reads the spilled messages in id order as room frees. Every
 * operation is applied exactly once and in order per entity, also across a restart in the middle.
 */
class SpilledBacklogTest {

  private static final int BOUND = 10;

  @TempDir Path dataDir;

  @Test
  void noWorker_thousandEntities_stayWithinTheBound_thenEachAppliedOnceInOrder() throws Exception {
    try (EngineDriver d = driver()) {
      int entities = 1_000;
      int rounds = 3;
      send(d, entities, rounds, 0);

      int residentWhileWaiting = d.facade().residentEntities();
      GetEntityResponse spilled = get(d, "@n@" + (entities - 1));
      EntityDetail shown = d.facade().entity(HUB, "@n@" + (entities - 1));
      boolean backlogPending = d.facade().loadingQueues();

      Map<String, List<String>> applied = new LinkedHashMap<>();
      int maxResident = apply(d, d.stream(), entities * rounds, applied);

      assertThat(residentWhileWaiting).as("resident with no worker").isLessThanOrEqualTo(BOUND);
      assertThat(backlogPending).as("a backlog is on disk").isTrue();
      assertThat(spilled.getExists()).as("a spilled entity exists").isTrue();
      assertThat(spilled.getEntity().getBacklogQueueSize()).isEqualTo(rounds);
      assertThat(shown.queueSize()).as("the dashboard's queue depth").isEqualTo(rounds);
      // The pager reads beyond the bound only by what the workers could take: live ones stay
      // within the bound plus the batches in flight (the fake worker takes up to 16).
      assertThat(maxResident)
          .as("resident while applying")
          .isLessThanOrEqualTo(BOUND + EngineConfig.DEFAULT_MAX_ENTITY_WORK_ITEMS);
      assertThat(applied).hasSize(entities);
      applied.forEach(
          (id, ops) -> assertThat(ops).as(id).containsExactlyElementsOf(expected(rounds, 0)));
      assertThat(d.facade().loadingQueues()).as("the backlog is read whole").isFalse();
      assertThat(get(d, "@n@0").getEntity().getBacklogQueueSize()).isZero();
    }
  }

  @Test
  void restartInTheMiddle_keepsFifo_withSignalsSentAfterIt() throws Exception {
    int entities = 200;
    Map<String, List<String>> applied = new LinkedHashMap<>();
    try (EngineDriver d = driver()) {
      send(d, entities, 2, 0);
      apply(d, d.stream(), entities, applied);

      d.restart();
      send(d, entities, 1, 2); // after the stored ones of every entity
      Map<String, Integer> depths = new LinkedHashMap<>();
      d.facade()
          .queryEntities(
              HUB,
              QueryEntitiesRequest.newBuilder()
                  .setQuery(
                      EntityQuery.newBuilder()
                          .setInstanceIdStartsWith(StringValue.of("@n@"))
                          .setPageSize(Int32Value.of(1_000)))
                  .build())
          .getEntitiesList()
          .forEach(m -> depths.put(m.getInstanceId(), m.getBacklogQueueSize()));
      Map<String, Integer> expectedDepths = new LinkedHashMap<>();
      applied.forEach((id, ops) -> expectedDepths.put(id, 3 - ops.size()));
      FakeStream worker = d.stream();
      apply(d, worker, entities * 2, applied);
      assertThat(d.facade().loadingQueues()).isFalse();
      assertThat(d.facade().residentEntities()).isLessThanOrEqualTo(BOUND);
      assertThat(depths)
          .as("QueryEntities counts the stored messages memory lacks")
          .isEqualTo(expectedDepths);
    }
    assertThat(applied).hasSize(entities);
    applied.forEach((id, ops) -> assertThat(ops).as(id).containsExactlyElementsOf(expected(3, 0)));
  }

  private EngineDriver driver() throws Exception {
    return new EngineDriver(dataDir, EngineSeams.defaults(), b -> b.maxResidentEntities(BOUND));
  }

  /** Signals {@code rounds} operations to each entity, round by round (spills in between). */
  private static void send(EngineDriver d, int entities, int rounds, int firstRound)
      throws Exception {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int r = firstRound; r < firstRound + rounds; r++) {
      for (int i = 0; i < entities; i++) {
        sent.add(d.facade().signal(HUB, signal("@n@" + i, "op" + r, guid())));
      }
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }

  /**
   * Takes and completes entity work items until {@code operations} more are applied, recording them
   * per entity; returns the most entities memory held after a completion.
   */
  private static int apply(
      EngineDriver d, FakeStream worker, int operations, Map<String, List<String>> applied)
      throws Exception {
    int maxResident = 0;
    int done = 0;
    while (done < operations) {
      WorkItem item = worker.nextEntity();
      List<String> ops =
          applied.computeIfAbsent(
              item.getEntityRequestV2().getInstanceId(), k -> new ArrayList<>());
      for (HistoryEvent e : item.getEntityRequestV2().getOperationRequestsList()) {
        ops.add(e.getEntityOperationSignaled().getOperation());
        done++;
      }
      d.facade().completeEntityTask(HUB, worker, resultAll(item, "s")).get(60, TimeUnit.SECONDS);
      maxResident = Math.max(maxResident, d.facade().residentEntities());
    }
    return maxResident;
  }

  private static List<String> expected(int rounds, int first) {
    List<String> ops = new ArrayList<>();
    for (int r = first; r < first + rounds; r++) {
      ops.add("op" + r);
    }
    return ops;
  }

  private static GetEntityResponse get(EngineDriver d, String id) {
    return d.facade().getEntity(HUB, GetEntityRequest.newBuilder().setInstanceId(id).build());
  }
}
