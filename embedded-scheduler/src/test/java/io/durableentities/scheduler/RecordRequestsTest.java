package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.durableentities.scheduler.internal.cli.CliArgs;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --record-requests FILE}: every request reaches the file as a line of JSON with its RPC,
 * its headers (the credential redacted to its length) and the request as protobuf JSON, also a
 * request the token check refuses.
 */
class RecordRequestsTest {

  private static final String TOKEN = "record-token-for-tests-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyRequest_isOneJsonLine_withHeadersAndTheRequest_andTheTokenRedacted() throws Exception {
    Path file = dir.resolve("requests.jsonl");
    String requestId = UUID.randomUUID().toString();
    try (EmbeddedScheduler scheduler =
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder()
                .inMemory()
                .authToken(TOKEN)
                .recordRequests(file)
                .build())) {
      ManagedChannel channel =
          Grpc.newChannelBuilderForAddress(
                  "localhost", scheduler.port(), InsecureChannelCredentials.create())
              .build();
      try {
        TaskHubSidecarServiceBlockingStub authorized = stub(channel, "Bearer " + TOKEN);
        authorized.hello(Empty.getDefaultInstance());
        authorized.signalEntity(
            SignalEntityRequest.newBuilder()
                .setInstanceId("@counter@c1")
                .setName("add")
                .setInput(StringValue.of("5"))
                .setRequestId(requestId)
                .build());
        TaskHubSidecarServiceBlockingStub refused = stub(channel, "Bearer wrong-token-0123456789");
        assertThatThrownBy(
                () ->
                    refused.getEntity(
                        GetEntityRequest.newBuilder().setInstanceId("@counter@c1").build()))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(l -> l.get("rpc").asText())
        .containsExactly("Hello", "SignalEntity", "GetEntity");
    JsonNode signal = lines.get(1);
    assertThat(signal.get("headers").get("taskhub").asText()).isEqualTo("hub-a");
    assertThat(signal.get("headers").get("authorization").asText())
        .isEqualTo("Bearer <redacted: " + TOKEN.length() + " characters>");
    assertThat(signal.get("headers").get("user-agent").asText()).startsWith("grpc-java");
    assertThat(signal.get("peer").asText()).contains("127.0.0.1");
    assertThat(signal.get("request"))
        .isEqualTo(
            JSON.readTree(
                "{\"instanceId\":\"@counter@c1\",\"name\":\"add\",\"input\":\"5\",\"requestId\":\""
                    + requestId
                    + "\"}"));
    assertThat(lines.get(0).get("request")).isEqualTo(JSON.createObjectNode());
    JsonNode refused = lines.get(2);
    assertThat(refused.get("headers").get("authorization").asText())
        .isEqualTo("Bearer <redacted: 22 characters>");
    assertThat(refused.get("refused").asText()).startsWith("UNAUTHENTICATED");
    assertThat(refused.has("request")).isFalse();
    assertThat(Files.readString(file)).doesNotContain(TOKEN).doesNotContain("wrong-token");
  }

  @Test
  void recordRequestsFlag_reachesTheOptions_andAnUnwritableFileStopsTheStart() throws IOException {
    Path file = dir.resolve("requests.jsonl");
    assertThat(
            SchedulerMain.options(CliArgs.parse("--record-requests", file.toString()))
                .recordRequests())
        .contains(file);
    assertThat(SchedulerMain.options(CliArgs.parse()).recordRequests()).isEmpty();

    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    assertThatThrownBy(
            () ->
                EmbeddedScheduler.start(
                    SchedulerOptions.newBuilder().inMemory().recordRequests(directory).build()))
        .hasMessageContaining(directory.toString())
        .hasMessageContaining("record requests");
  }

  private static TaskHubSidecarServiceBlockingStub stub(
      ManagedChannel channel, String authorization) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("taskhub", Metadata.ASCII_STRING_MARSHALLER), "hub-a");
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }
}
