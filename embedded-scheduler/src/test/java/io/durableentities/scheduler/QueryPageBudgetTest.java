package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Int32Value;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.QueryEntitiesRequest;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QueryEntities with states stops each page at a byte budget that a client with gRPC's default
 * limits (4 MiB inbound) can receive, for entities in memory and entities read from the store.
 */
class QueryPageBudgetTest {

  /** Just under 1 MB: 30 of them made a 30 MB answer. */
  private static final int STATE_CHARS = 1_000_000;

  /** Well below gRPC's default 4 MiB inbound limit, which the client channels here keep. */
  private static final int BUDGET = 2 * 1024 * 1024;

  @TempDir Path dataDir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A client as any SDK makes it: gRPC's default limits. */
  private TaskHubSidecarServiceBlockingStub defaultClient(int port) {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    open.add(channel::shutdownNow);
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel);
  }

  private static String id(int i) {
    return String.format("@blob@%02d", i);
  }

  private static String state(int i, int chars) {
    return Integer.toString(i).repeat(chars / Integer.toString(i).length());
  }

  /** Every page of a query with states, checking each against the budget. */
  private static List<EntityMetadata> allPages(
      TaskHubSidecarServiceBlockingStub client, EntityQuery.Builder q, List<Integer> pageSizes) {
    List<EntityMetadata> seen = new ArrayList<>();
    while (true) {
      QueryEntitiesResponse page =
          client.queryEntities(QueryEntitiesRequest.newBuilder().setQuery(q).build());
      pageSizes.add(page.getEntitiesCount());
      if (page.getEntitiesCount() > 1) {
        assertThat(page.getSerializedSize()).as("a page of several").isLessThanOrEqualTo(BUDGET);
      }
      seen.addAll(page.getEntitiesList());
      if (!page.hasContinuationToken()) {
        return seen;
      }
      q.setContinuationToken(page.getContinuationToken());
    }
  }

  private static EntityQuery.Builder withStates() {
    return EntityQuery.newBuilder().setIncludeState(true).setPageSize(Int32Value.of(100));
  }

  private static void assertAll(List<EntityMetadata> seen, int count, int chars) {
    assertThat(seen)
        .extracting(EntityMetadata::getInstanceId)
        .hasSize(count)
        .doesNotHaveDuplicates();
    for (int i = 0; i < count; i++) {
      assertThat(seen.get(i).getInstanceId()).isEqualTo(id(i));
      assertThat(seen.get(i).getSerializedState().getValue())
          .as("state of %s", id(i))
          .isEqualTo(state(i, chars));
    }
  }

  @Test
  void thirtyOneMegabyteStatesInMemory_comeInPagesAClientWithDefaultLimitsReceives()
      throws Exception {
    SchedulerHarness h = new SchedulerHarness(b -> b);
    open.add(h);
    TestWorker worker = h.worker();
    for (int i = 0; i < 30; i++) {
      h.signal(id(i), "fill", null);
      WorkItem item = worker.nextEntity();
      worker.complete(SchedulerHarness.resultAll(item, state(i, STATE_CHARS)).build());
    }
    List<Integer> pageSizes = new ArrayList<>();

    List<EntityMetadata> seen =
        allPages(defaultClient(h.scheduler.port()), withStates(), pageSizes);

    assertAll(seen, 30, STATE_CHARS);
    assertThat(pageSizes).as("entities per page").allSatisfy(n -> assertThat(n).isBetween(1, 2));
  }

  @Test
  void storedStates_arePagedByBytes_andAnEntityLargerThanTheBudgetComesAlone() throws Exception {
    SchedulerOptions options =
        SchedulerOptions.newBuilder().dataDir(dataDir).maxEntityStateBytes(4 * 1024 * 1024).build();
    EmbeddedScheduler.start(options).close();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO entities (hub, instance_id, state, last_modified) VALUES"
                    + " ('default', ?, ?, 1000)")) {
      for (int i = 0; i < 30; i++) {
        p.setString(1, id(i));
        p.setString(2, state(i, i == 7 ? 3 * STATE_CHARS : STATE_CHARS));
        p.executeUpdate();
      }
    }
    EmbeddedScheduler scheduler = EmbeddedScheduler.start(options);
    open.add(scheduler);
    List<Integer> pageSizes = new ArrayList<>();

    List<EntityMetadata> seen = allPages(defaultClient(scheduler.port()), withStates(), pageSizes);

    assertThat(seen).hasSize(30);
    assertThat(seen.get(7).getSerializedState().getValue()).hasSize(3 * STATE_CHARS);
    assertThat(pageSizes).as("the 3 MB entity alone in its page").contains(1);
    seen.remove(7);
    assertThat(seen)
        .allSatisfy(m -> assertThat(m.getSerializedState().getValue()).hasSize(STATE_CHARS));
  }

  @Test
  void anEntityLargerThanAnyAnswer_failsTheQueryWithItsName_andTheTokenThatSkipsIt()
      throws Exception {
    SchedulerOptions options =
        SchedulerOptions.newBuilder().dataDir(dataDir).maxMessageBytes(4 * 1024 * 1024).build();
    EmbeddedScheduler.start(options).close();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO entities (hub, instance_id, state, last_modified) VALUES"
                    + " ('default', ?, ?, 1000)")) {
      // A state stored before maxMessageBytes was lowered.
      for (int i = 0; i < 3; i++) {
        p.setString(1, id(i));
        p.setString(2, i == 1 ? "x".repeat(5 * STATE_CHARS) : "small");
        p.executeUpdate();
      }
    }
    EmbeddedScheduler scheduler = EmbeddedScheduler.start(options);
    open.add(scheduler);
    ManagedChannel channel = SchedulerHarness.channel(scheduler.port());
    open.add(channel::shutdownNow);
    TaskHubSidecarServiceBlockingStub client = TaskHubSidecarServiceGrpc.newBlockingStub(channel);
    QueryEntitiesResponse first =
        client.queryEntities(QueryEntitiesRequest.newBuilder().setQuery(withStates()).build());
    assertThat(first.getEntitiesList())
        .extracting(EntityMetadata::getInstanceId)
        .containsExactly(id(0));

    EntityQuery.Builder next = withStates().setContinuationToken(first.getContinuationToken());
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> client.queryEntities(QueryEntitiesRequest.newBuilder().setQuery(next).build()));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription())
        .contains(id(1), "maxMessageBytes", "includeState false", "continuationToken");
    Matcher token = Pattern.compile("continuationToken '([^']+)'").matcher(refused.getMessage());
    assertThat(token.find()).isTrue();
    QueryEntitiesResponse rest =
        client.queryEntities(
            QueryEntitiesRequest.newBuilder()
                .setQuery(withStates().setContinuationToken(StringValue.of(token.group(1))))
                .build());
    assertThat(rest.getEntitiesList())
        .extracting(EntityMetadata::getInstanceId)
        .containsExactly(id(2));
  }
}
