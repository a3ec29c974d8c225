package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.StringValue;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.internal.telemetry.Telemetry;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.EntityOperationSignaledEvent;
import io.durableentities.protocol.internal.EntityRequest;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.OperationResult;
import io.durableentities.protocol.internal.OperationResultSuccess;
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
