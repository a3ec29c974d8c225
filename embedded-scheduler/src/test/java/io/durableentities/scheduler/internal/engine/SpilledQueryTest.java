package io.durableentities.scheduler.internal.engine;

import static io.durableentities.scheduler.internal.engine.EngineDriver.HUB;
import static io.durableentities.scheduler.internal.engine.EngineDriver.guid;
import static io.durableentities.scheduler.internal.engine.EngineDriver.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code QueryEntities} with {@code includeTransient} lists an entity whose queued messages are on
 * disk only (spilled: no state, no row, nothing in memory), with its queue depth, page by page
 * through continuation tokens; without {@code includeTransient} such an entity is not listed. Also
 * after a restart, while the keys of the stored queues are not copied into the backlog table yet
 * (read from the log) and after.
 */
class SpilledQueryTest {

  private static final int BOUND = 10;
  private static final int ENTITIES = 600;

  @TempDir Path dataDir;

  private static String id(int i) {
    return String.format("@n@%04d", i);
  }

  /** Every page of a query, following the continuation tokens: the entities listed, in order. */
  private static Map<String, Integer> all(EngineDriver d, int pageSize, boolean includeTransient) {
    Map<String, Integer> listed = new LinkedHashMap<>();
    String token = null;
    int pages = 0;
    do {
      EntityQuery.Builder q =
          EntityQuery.newBuilder()
              .setInstanceIdStartsWith(StringValue.of("@n@"))
              .setIncludeTransient(includeTransient)
              .setPageSize(Int32Value.of(pageSize));
      if (token != null) {
        q.setContinuationToken(StringValue.of(token));
      }
      QueryEntitiesResponse page =
          d.facade().queryEntities(HUB, QueryEntitiesRequest.newBuilder().setQuery(q).build());
      assertThat(page.getEntitiesCount()).isLessThanOrEqualTo(pageSize);
      for (EntityMetadata m : page.getEntitiesList()) {
        assertThat(listed.put(m.getInstanceId(), m.getBacklogQueueSize()))
            .as("listed once: " + m.getInstanceId())
            .isNull();
      }
      token = page.hasContinuationToken() ? page.getContinuationToken().getValue() : null;
      assertThat(++pages).as("pages").isLessThan(ENTITIES + 2);
    } while (token != null);
    return listed;
  }

  /** Two signals to each entity with no worker: all but the first {@link #BOUND} spill. */
  private static EngineDriver spilled(Path dataDir) throws Exception {
    EngineDriver d =
        new EngineDriver(dataDir, EngineSeams.defaults(), b -> b.maxResidentEntities(BOUND));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < ENTITIES; i++) {
        sent.add(d.facade().signal(HUB, signal(id(i), "op" + round, guid())));
      }
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    return d;
  }

  /** Every entity listed once, in order, with its two queued signals; none without transients. */
  private static void assertListedWithTheirQueues(EngineDriver d) {
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < ENTITIES; i++) {
      expected.put(id(i), 2);
    }
    for (int pageSize : new int[] {7, 400, 1_000}) {
      Map<String, Integer> listed = all(d, pageSize, true);
      assertThat(listed).as("page size " + pageSize).isEqualTo(expected);
      assertThat(listed.keySet()).as("in id order").containsExactlyElementsOf(expected.keySet());
    }
    assertThat(all(d, 50, false)).as("without includeTransient: no state, not listed").isEmpty();
    for (int i : new int[] {0, BOUND - 1, BOUND, ENTITIES - 1}) {
      assertThat(
              d.facade()
                  .getEntity(HUB, GetEntityRequest.newBuilder().setInstanceId(id(i)).build())
                  .getEntity()
                  .getBacklogQueueSize())
          .as("GetEntity " + id(i))
          .isEqualTo(2);
    }
  }

  private static long backlogKeysOf(EngineDriver d, String instanceId) throws Exception {
    try (Connection c = d.sql();
        PreparedStatement p =
            c.prepareStatement("SELECT count(*) FROM backlog WHERE instance_id = ?")) {
      p.setString(1, instanceId);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void includeTransient_listsSpilledEntities_pageByPage() throws Exception {
    try (EngineDriver d = spilled(dataDir)) {
      assertThat(d.facade().loadingQueues()).as("a backlog is on disk").isTrue();
      assertThat(d.facade().residentEntities()).isLessThanOrEqualTo(BOUND);

      assertListedWithTheirQueues(d);
    }
  }

  @Test
  void afterARestart_listsAndCounts_beforeTheKeysAreCopied_andAfter() throws Exception {
    try (EngineDriver d = spilled(dataDir)) {
      assertThat(backlogKeysOf(d, id(0))).as("its signals went to memory: no key").isZero();

      d.restartHoldingWriter();
      // The writer takes no work: nothing copied, the answers read the stored log.
      assertListedWithTheirQueues(d);

      d.releaseWriter();
      await("the keys of the stored queues are copied")
          .atMost(Duration.ofSeconds(30))
          .until(() -> backlogKeysOf(d, id(0)) > 0);
      assertListedWithTheirQueues(d);
      assertThat(d.facade().residentEntities()).isLessThanOrEqualTo(BOUND);
    }
  }
}
