package io.durableentities.scheduler;

import static io.durableentities.scheduler.SchedulerHarness.resultAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryAndCleanTest {

  private final SchedulerHarness h = new SchedulerHarness();

  @AfterEach
  void tearDown() throws InterruptedException {
    h.close();
  }

  private void store(String id, String state) throws InterruptedException {
    TestWorker worker = h.worker();
    h.signal(id, "set", state);
    worker.complete(resultAll(worker.next(), state).build());
    worker.close();
  }

  private QueryEntitiesResponse query(EntityQuery.Builder q) {
    return h.client.queryEntities(QueryEntitiesRequest.newBuilder().setQuery(q).build());
  }

  private static List<String> ids(List<EntityMetadata> entities) {
    return entities.stream().map(EntityMetadata::getInstanceId).toList();
  }

  @Test
  void query_prefix_isNormalized_andStateIncludedOnRequest() throws Exception {
    store("@counter@a", "1");
    store("@counter@b", "2");
    store("@account@a", "3");

    QueryEntitiesResponse withState =
        query(
            EntityQuery.newBuilder()
                .setInstanceIdStartsWith(StringValue.of("Counter"))
                .setIncludeState(true));
    QueryEntitiesResponse noState =
        query(EntityQuery.newBuilder().setInstanceIdStartsWith(StringValue.of("@COUNTER@b")));

    assertThat(ids(withState.getEntitiesList())).containsExactly("@counter@a", "@counter@b");
    assertThat(withState.getEntities(1).getSerializedState().getValue()).isEqualTo("2");
    assertThat(withState.hasContinuationToken()).isFalse();
    assertThat(ids(noState.getEntitiesList())).containsExactly("@counter@b");
    assertThat(noState.getEntities(0).hasSerializedState()).isFalse();
  }

  @Test
  void query_paging_followsTheContinuationToken() throws Exception {
    for (int i = 0; i < 5; i++) {
      store("@counter@" + i, Integer.toString(i));
    }

    List<String> seen = new ArrayList<>();
    EntityQuery.Builder q = EntityQuery.newBuilder().setPageSize(Int32Value.of(2));
    int pages = 0;
    while (true) {
      QueryEntitiesResponse page = query(q);
      pages++;
      assertThat(page.getEntitiesCount()).isLessThanOrEqualTo(2);
      seen.addAll(ids(page.getEntitiesList()));
      if (!page.hasContinuationToken()) {
        break;
      }
      q.setContinuationToken(page.getContinuationToken());
    }

    assertThat(seen)
        .containsExactly("@counter@0", "@counter@1", "@counter@2", "@counter@3", "@counter@4");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void query_transientEntities_onlyWithIncludeTransient() throws Exception {
    store("@counter@stored", "1");
    h.signal("@counter@queued", "add", "1");

    var without = query(EntityQuery.newBuilder());
    var with = query(EntityQuery.newBuilder().setIncludeTransient(true));

    assertThat(ids(without.getEntitiesList())).containsExactly("@counter@stored");
    assertThat(ids(with.getEntitiesList())).containsExactly("@counter@queued", "@counter@stored");
    assertThat(with.getEntities(0).getBacklogQueueSize()).isEqualTo(1);
  }

  @Test
  void query_lastModifiedRange_filters() throws Exception {
    store("@counter@old", "1");
    h.clock.advance(Duration.ofHours(1));
    store("@counter@new", "2");
    Timestamp cut =
        Timestamp.newBuilder()
            .setSeconds(h.clock.instant().minus(Duration.ofMinutes(30)).getEpochSecond())
            .build();

    assertThat(ids(query(EntityQuery.newBuilder().setLastModifiedFrom(cut)).getEntitiesList()))
        .containsExactly("@counter@new");
    assertThat(ids(query(EntityQuery.newBuilder().setLastModifiedTo(cut)).getEntitiesList()))
        .containsExactly("@counter@old");
  }

  @Test
  void query_badContinuationToken_isInvalidArgument() {
    assertThatThrownBy(
            () -> query(EntityQuery.newBuilder().setContinuationToken(StringValue.of("%%%"))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void clean_leavesEntitiesWithStateOrBacklog() throws Exception {
    store("@counter@stored", "1");
    h.signal("@counter@queued", "add", "1");

    var response =
        h.client.cleanEntityStorage(
            CleanEntityStorageRequest.newBuilder()
                .setRemoveEmptyEntities(true)
                .setReleaseOrphanedLocks(true)
                .build());

    assertThat(response.getEmptyEntitiesRemoved()).isZero();
    assertThat(response.getOrphanedLocksReleased()).isZero();
    assertThat(response.hasContinuationToken()).isFalse();
    assertThat(ids(query(EntityQuery.newBuilder().setIncludeTransient(true)).getEntitiesList()))
        .containsExactly("@counter@queued", "@counter@stored");
  }
}
