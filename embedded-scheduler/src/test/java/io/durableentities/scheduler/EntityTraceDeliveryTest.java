package io.durableentities.scheduler;

import static io.durableentities.scheduler.Orch.response;
import static io.durableentities.scheduler.Orch.start;
import static io.durableentities.scheduler.SchedulerHarness.signalRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.EntityBatchRequest;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.GetWorkItemsRequest;
import io.durableentities.protocol.internal.OperationAction;
import io.durableentities.protocol.internal.OperationRequest;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.OrchestrationTraceContext;
import io.durableentities.protocol.internal.SendSignalAction;
import io.durableentities.protocol.internal.TraceContext;
import io.durableentities.protocol.internal.WorkItem;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queued entity message keeps the trace context it was sent with (a client signal, an
 * orchestration's call or signal, an entity's signal), across restarts, and it reaches a worker
 * that reads it in the V1 work item's {@code OperationRequest.traceContext}; other workers, and
 * batches without a trace, get the V2 item DTS sends.
 */
class EntityTraceDeliveryTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final TraceContext TRACE =
      TraceContext.newBuilder()
          .setTraceParent("00-" + TRACE_ID + "-b7ad6b7169203331-01")
          .setTraceState(StringValue.of("vendor=x"))
          .build();

  @TempDir Path dataDir;

  /** A raw worker whose calls say they come from this project's worker. */
  private static TestWorker ourWorker(SchedulerHarness h) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("x-user-agent", Metadata.ASCII_STRING_MARSHALLER),
        "durable-entities-java/test");
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", h.scheduler.port())
            .usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
            .build();
    return new TestWorker(channel, null, GetWorkItemsRequest.getDefaultInstance());
  }

  private static EntityBatchResult.Builder success(WorkItem item, int results, String state) {
    EntityBatchResult.Builder r =
        EntityBatchResult.newBuilder()
            .setCompletionToken(item.getCompletionToken())
            .setEntityState(StringValue.of(state));
    for (int i = 0; i < results; i++) {
      r.addResults(
          OperationResult.newBuilder()
              .setSuccess(OperationResultSuccess.newBuilder().setResult(StringValue.of("null"))));
    }
    return r;
  }

  @Test
  void tracedSignal_reachesOurWorker_asV1OperationWithItsTraceContext() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness();
        TestWorker worker = ourWorker(h)) {
      String requestId = UUID.randomUUID().toString();
      h.client.signalEntity(
          signalRequest("@Counter@k", "add", "5").toBuilder()
              .setRequestId(requestId)
              .setParentTraceContext(TRACE)
              .build());

      WorkItem item = worker.next(WorkItem.RequestCase.ENTITYREQUEST);
      EntityBatchRequest batch = item.getEntityRequest();
      assertThat(batch.getInstanceId()).isEqualTo("@counter@k");
      assertThat(batch.hasEntityState()).isFalse();
      assertThat(batch.getOperationsList()).hasSize(1);
      OperationRequest op = batch.getOperations(0);
      assertThat(op.getOperation()).isEqualTo("add");
      assertThat(op.getInput().getValue()).isEqualTo("5");
      assertThat(op.getRequestId()).isEqualTo(requestId);
      assertThat(op.getTraceContext()).isEqualTo(TRACE);

      worker.complete(success(item, 1, "5").build());
      h.signal("@Counter@k", "add", "1");
      WorkItem next = worker.next(WorkItem.RequestCase.ENTITYREQUESTV2);
      assertThat(next.getEntityRequestV2().getEntityState().getValue())
          .as("the V1 completion committed; an untraced batch goes out as V2")
          .isEqualTo("5");
    }
  }

  @Test
  void tracedSignal_reachesOtherWorkers_asV2() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness()) {
      TestWorker worker = h.worker();
      h.client.signalEntity(
          signalRequest("@Counter@k", "add", "5").toBuilder().setParentTraceContext(TRACE).build());

      WorkItem item = worker.next();

      assertThat(item.hasEntityRequestV2()).isTrue();
    }
  }

  @Test
  void batch_withOneTracedOperation_carriesEachOperationsOwnTrace() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness()) {
      h.signal("@Counter@k", "add", "1");
      h.client.signalEntity(
          signalRequest("@Counter@k", "add", "2").toBuilder().setParentTraceContext(TRACE).build());
      try (TestWorker worker = ourWorker(h)) {
        EntityBatchRequest batch =
            worker.next(WorkItem.RequestCase.ENTITYREQUEST).getEntityRequest();

        assertThat(batch.getOperationsList())
            .extracting(o -> o.getInput().getValue())
            .containsExactly("1", "2");
        assertThat(batch.getOperations(0).hasTraceContext()).isFalse();
        assertThat(batch.getOperations(1).getTraceContext()).isEqualTo(TRACE);
      }
    }
  }

  @Test
  void traceContext_survivesARestart() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir))) {
      h.client.signalEntity(
          signalRequest("@Counter@k", "add", "5").toBuilder().setParentTraceContext(TRACE).build());
    }
    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir));
        TestWorker worker = ourWorker(h)) {
      WorkItem item = worker.next(WorkItem.RequestCase.ENTITYREQUEST);

      assertThat(item.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(TRACE);
    }
  }

  @Test
  void migrationFromVersion5_keepsQueuedMessages_withoutATraceContext() throws Exception {
    new SchedulerHarness(b -> b.dataDir(dataDir)).close();
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE backlog");
      s.execute("ALTER TABLE messages DROP COLUMN trace_context");
      s.execute("PRAGMA user_version = 5");
      StorageTest.insertSignal(c, 7, "@counter@a", "add");
    }

    try (SchedulerHarness h = new SchedulerHarness(b -> b.dataDir(dataDir));
        TestWorker worker = ourWorker(h)) {
      WorkItem old = worker.next(WorkItem.RequestCase.ENTITYREQUESTV2);
      worker.complete(success(old, 1, "1").build());
      h.client.signalEntity(
          signalRequest("@counter@a", "add", "2").toBuilder().setParentTraceContext(TRACE).build());
      WorkItem traced = worker.next(WorkItem.RequestCase.ENTITYREQUEST);

      assertThat(
              old.getEntityRequestV2()
                  .getOperationRequests(0)
                  .getEntityOperationSignaled()
                  .getOperation())
          .isEqualTo("add");
      assertThat(traced.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(TRACE);
    }
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("scheduler.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void orchestrationCall_carriesTheEpisodeSpan_inTheExecutionsTrace() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness();
        TestWorker worker = ourWorker(h)) {
      h.client.startInstance(start("o1", "O", null).setParentTraceContext(TRACE).build());
      WorkItem first = worker.nextOrchestration();
      String callId = UUID.randomUUID().toString();
      String signalId = UUID.randomUUID().toString();

      worker.completeOrchestrator(
          response(
                  first,
                  Orch.callEntity(1, "@Counter@c", "get", null, callId),
                  Orch.signalEntity(2, "@Counter@s", "add", "1", signalId))
              .setOrchestrationTraceContext(
                  OrchestrationTraceContext.newBuilder()
                      .setSpanID(StringValue.of("00f067aa0ba902b7")))
              .build());
      WorkItem call = worker.next(WorkItem.RequestCase.ENTITYREQUEST);
      WorkItem signal = worker.next(WorkItem.RequestCase.ENTITYREQUEST);

      TraceContext episode =
          TraceContext.newBuilder()
              .setTraceParent("00-" + TRACE_ID + "-00f067aa0ba902b7-01")
              .setTraceState(StringValue.of("vendor=x"))
              .build();
      assertThat(call.getEntityRequest().getOperations(0).getRequestId()).isEqualTo(callId);
      assertThat(call.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(episode);
      assertThat(signal.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(episode);

      worker.complete(success(call, 1, "7").build());
      WorkItem answered = worker.nextOrchestration();
      assertThat(Orch.lastNew(answered).getEntityOperationCompleted().getRequestId())
          .as("a V1 completion answers the call from the parent stored with the message")
          .isEqualTo(callId);
    }
  }

  @Test
  void orchestrationCall_withoutAnEpisodeSpan_carriesTheExecutionsParent() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness();
        TestWorker worker = ourWorker(h)) {
      h.client.startInstance(start("o1", "O", null).setParentTraceContext(TRACE).build());
      WorkItem first = worker.nextOrchestration();

      worker.completeOrchestrator(
          response(
                  first,
                  Orch.callEntity(1, "@Counter@c", "get", null, UUID.randomUUID().toString()))
              .build());
      WorkItem call = worker.next(WorkItem.RequestCase.ENTITYREQUEST);

      assertThat(call.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(TRACE);
    }
  }

  @Test
  void untracedOrchestration_sendsUntracedMessages() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness();
        TestWorker worker = ourWorker(h)) {
      h.client.startInstance(start("o1", "O", null).build());
      WorkItem first = worker.nextOrchestration();

      worker.completeOrchestrator(
          response(
                  first,
                  Orch.callEntity(1, "@Counter@c", "get", null, UUID.randomUUID().toString()))
              .setOrchestrationTraceContext(
                  OrchestrationTraceContext.newBuilder()
                      .setSpanID(StringValue.of("00f067aa0ba902b7")))
              .build());

      assertThat(worker.next(WorkItem.RequestCase.ENTITYREQUESTV2).hasEntityRequestV2()).isTrue();
    }
  }

  @Test
  void entitySignal_carriesTheTraceContextOfItsAction() throws Exception {
    try (SchedulerHarness h = new SchedulerHarness();
        TestWorker worker = ourWorker(h)) {
      h.signal("@Source@a", "go", null);
      WorkItem source = worker.next(WorkItem.RequestCase.ENTITYREQUESTV2);

      worker.complete(
          success(source, 1, "1")
              .addActions(
                  OperationAction.newBuilder()
                      .setId(0)
                      .setSendSignal(
                          SendSignalAction.newBuilder()
                              .setInstanceId("@Target@b")
                              .setName("ping")
                              .setParentTraceContext(TRACE)))
              .build());
      WorkItem target = worker.next(WorkItem.RequestCase.ENTITYREQUEST);

      assertThat(target.getEntityRequest().getInstanceId()).isEqualTo("@target@b");
      assertThat(target.getEntityRequest().getOperations(0).getTraceContext()).isEqualTo(TRACE);
    }
  }
}
