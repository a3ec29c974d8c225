package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.PayloadTooLargeException;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
import io.durableentities.protocol.internal.OrchestratorRequest;
import io.durableentities.protocol.internal.TaskCompletedEvent;
import io.durableentities.protocol.internal.TaskScheduledEvent;
import io.durableentities.protocol.internal.WorkItem;
import io.durableentities.protocol.internal.WorkerCapability;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  /** A store in memory, with a threshold of 1 KiB. */
  private static class MemoryStore implements PayloadStore {
    final Map<String, String> blobs = new ConcurrentHashMap<>();

    @Override
    public String upload(String payload) {
      String token = PayloadCodec.TOKEN_PREFIX + "test:" + blobs.size();
      blobs.put(token, payload);
      return token;
    }

    @Override
    public String download(String token) {
      return blobs.get(token);
    }

    @Override
    public boolean isKnownToken(String value) {
      return value.startsWith(PayloadCodec.TOKEN_PREFIX);
    }

    @Override
    public int thresholdBytes() {
      return 1024;
    }
  }

  private final MemoryStore store = new MemoryStore();
  private final PayloadCodec codec = PayloadCodec.of(store, "DurableWorker.Builder");

  @Test
  void externalize_storesValuesFromTheThreshold_atAnyDepth_andKeepsSmallOnesInline() {
    String big = "\"" + "x".repeat(1022) + "\""; // 1024 bytes
    EntityBatchResult result =
        EntityBatchResult.newBuilder()
            .setEntityState(StringValue.of(big))
            .addResults(
                OperationResult.newBuilder()
                    .setSuccess(OperationResultSuccess.newBuilder().setResult(StringValue.of("1"))))
            .build();

    EntityBatchResult sent = codec.externalize(result);

    assertThat(sent.getEntityState().getValue()).startsWith("blob:v1:test:");
    assertThat(store.blobs).containsValue(big).hasSize(1);
    assertThat(sent.getResults(0).getSuccess().getResult().getValue()).isEqualTo("1");
    EntityBatchResult small = result.toBuilder().setEntityState(StringValue.of("\"s\"")).build();
    assertThat(codec.externalize(small)).isSameAs(small);
  }

  @Test
  void resolve_replacesEveryTokenOfAWorkItem() {
    String state = "\"" + "s".repeat(2000) + "\"";
    String input = "\"" + "i".repeat(3000) + "\"";
    WorkItem item = entityItem(store.upload(state), store.upload(input));

    WorkItem resolved = codec.resolve(item);

    assertThat(resolved.getEntityRequestV2().getEntityState().getValue()).isEqualTo(state);
    assertThat(
            resolved
                .getEntityRequestV2()
                .getOperationRequests(0)
                .getEntityOperationSignaled()
                .getInput()
                .getValue())
        .isEqualTo(input);
    WorkItem plain = entityItem("\"a\"", "1");
    assertThat(codec.resolve(plain)).isSameAs(plain);
  }

  @Test
  void resolve_withoutStore_namesTheEntityTheFieldAndTheFix() {
    WorkItem item = entityItem("blob:v1:durabletask-payloads:abc", "1");

    assertThatThrownBy(() -> PayloadCodec.of(null, "DurableWorker.Builder").resolve(item))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining("The entity @counter@a")
        .hasMessageContaining("'entityState'")
        .hasMessageContaining("this DurableWorker has no payload store")
        .hasMessageContaining("DurableWorker.Builder.payloadStore(");
  }

  @Test
  void resolve_withoutStore_findsATokenInTheSetMemberOfAHistoryEvent_andNamesTheInstance() {
    WorkItem item = orchestratorItem("blob:v1:durabletask-payloads:abc", "1.0");

    assertThatThrownBy(() -> PayloadCodec.of(null, "DurableWorker.Builder").resolve(item))
        .isInstanceOf(PayloadStoreException.class)
        .hasMessageContaining("The orchestration instance 'order-1'")
        .hasMessageContaining("'result'")
        .hasMessageContaining("DurableWorker.Builder.payloadStore(");
  }

  @Test
  void resolve_leavesIdsAndVersionsAlone_andReturnsAnItemWithoutTokensAsItIs() {
    WorkItem versioned = orchestratorItem("{\"ok\":true}", "blob:v1:not-a-payload");
    PayloadCodec storeless = PayloadCodec.of(null, "DurableWorker.Builder");

    assertThat(storeless.resolve(versioned)).isSameAs(versioned);
    assertThat(codec.resolve(versioned)).isSameAs(versioned);
  }

  @Test
  void resolve_withAStore_replacesATokenInAHistoryEvent() {
    String result = "\"" + "r".repeat(5000) + "\"";
    WorkItem item = orchestratorItem(store.upload(result), "1.0");

    WorkItem resolved = codec.resolve(item);

    assertThat(resolved.getOrchestratorRequest().getPastEvents(1).getTaskCompleted().getResult())
        .isEqualTo(StringValue.of(result));
    assertThat(resolved.getOrchestratorRequest().getPastEvents(0))
        .isSameAs(item.getOrchestratorRequest().getPastEvents(0));
  }

  @Test
  void externalize_aboveTheStoresLimit_namesTheEntityFieldSizeAndFix_andStoresNothing() {
    MemoryStore limited =
        new MemoryStore() {
          @Override
          public long maxPayloadBytes() {
            return 4096;
          }
        };
    PayloadCodec payloads = PayloadCodec.of(limited, "DurableWorker.Builder");
    WorkItem item = entityItem("\"a\"", "1");
    EntityBatchResult result =
        EntityBatchResult.newBuilder()
            .setEntityState(StringValue.of("\"" + "x".repeat(5000) + "\""))
            .build();

    assertThatThrownBy(() -> payloads.externalize(result, item.getEntityRequestV2()))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessageContaining("The entity @counter@a")
        .hasMessageContaining("'entityState' of 5002 bytes")
        .hasMessageContaining("limit of 4096 bytes")
        .hasMessageContaining("maxPayloadBytes(")
        .satisfies(e -> assertThat(((PayloadTooLargeException) e).sizeBytes()).isEqualTo(5002));
    assertThat(limited.blobs).isEmpty();
  }

  @Test
  void keepStoredState_keepsTheTokenOfAnUnchangedState_only() {
    String state = "\"" + "s".repeat(2000) + "\"";
    WorkItem received = entityItem(store.upload(state), "1");
    WorkItem resolved = codec.resolve(received);
    EntityBatchResult unchanged =
        EntityBatchResult.newBuilder().setEntityState(StringValue.of(new String(state))).build();
    EntityBatchResult changed =
        EntityBatchResult.newBuilder().setEntityState(StringValue.of(state + " ")).build();

    assertThat(codec.keepStoredState(unchanged, received, resolved).getEntityState())
        .isEqualTo(received.getEntityRequestV2().getEntityState());
    assertThat(codec.keepStoredState(changed, received, resolved)).isSameAs(changed);
    WorkItem inline = entityItem("\"a\"", "1");
    EntityBatchResult same =
        EntityBatchResult.newBuilder().setEntityState(StringValue.of("\"a\"")).build();
    assertThat(codec.keepStoredState(same, inline, codec.resolve(inline))).isSameAs(same);
  }

  @Test
  void of_rejectsALimitBelowTheThreshold() {
    PayloadStore tight =
        new MemoryStore() {
          @Override
          public long maxPayloadBytes() {
            return 1000;
          }
        };

    assertThatThrownBy(() -> PayloadCodec.of(tight, "DurableClient.Builder"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit of 1000 bytes, below its threshold of 1024 bytes");
  }

  @Test
  void of_rejectsAThresholdAboveOneMebibyte() {
    PayloadStore huge =
        new MemoryStore() {
          @Override
          public int thresholdBytes() {
            return 2 * 1024 * 1024;
          }
        };

    assertThatThrownBy(() -> PayloadCodec.of(huge, "DurableClient.Builder"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1024 and 1048576 bytes");
  }

  @Test
  void worker_advertisesLargePayloads_onlyWithAStore() {
    assertThat(capabilities(codec)).contains(WorkerCapability.WORKER_CAPABILITY_LARGE_PAYLOADS);
    assertThat(capabilities(PayloadCodec.of(null, "DurableWorker.Builder")))
        .doesNotContain(WorkerCapability.WORKER_CAPABILITY_LARGE_PAYLOADS);
  }

  private static List<WorkerCapability> capabilities(PayloadCodec payloads) {
    ManagedChannel channel = InProcessChannelBuilder.forName("payload-codec-test").build();
    try {
      WorkerContext context =
          new WorkerContext(
              channel,
              ConnectionString.parse("Endpoint=http://localhost:1;Authentication=None"),
              JacksonDataConverter.defaultInstance(),
              Duration.ofSeconds(1),
              Telemetry.global());
      WorkerRuntime runtime =
          new WorkerRuntime(
              channel, context, List.of(), Duration.ofMillis(1), Duration.ofMillis(2), payloads);
      return runtime.workItemsRequest().getCapabilitiesList();
    } finally {
      channel.shutdownNow();
    }
  }

  /** An orchestrator work item: an activity scheduled with a version, and its result. */
  private static WorkItem orchestratorItem(String result, String version) {
    return WorkItem.newBuilder()
        .setOrchestratorRequest(
            OrchestratorRequest.newBuilder()
                .setInstanceId("order-1")
                .addPastEvents(
                    HistoryEvent.newBuilder()
                        .setEventId(0)
                        .setTaskScheduled(
                            TaskScheduledEvent.newBuilder()
                                .setName("Ship")
                                .setVersion(StringValue.of(version))
                                .setInput(StringValue.of("{}"))))
                .addPastEvents(
                    HistoryEvent.newBuilder()
                        .setEventId(-1)
                        .setTaskCompleted(
                            TaskCompletedEvent.newBuilder()
                                .setTaskScheduledId(0)
                                .setResult(StringValue.of(result)))))
        .build();
  }

  private static WorkItem entityItem(String state, String input) {
    return WorkItem.newBuilder()
        .setEntityRequestV2(
            EntityRequest.newBuilder()
                .setInstanceId("@counter@a")
                .setEntityState(StringValue.of(state))
                .addOperationRequests(
                    HistoryEvent.newBuilder()
                        .setEntityOperationSignaled(
                            EntityOperationSignaledEvent.newBuilder()
                                .setRequestId("r1")
                                .setOperation("add")
                                .setInput(StringValue.of(input)))))
        .build();
  }
}
