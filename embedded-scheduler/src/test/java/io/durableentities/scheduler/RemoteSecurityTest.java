package io.durableentities.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.GetEntityRequest;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub;
import io.durableentities.testfixtures.TestCertificates;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port with TLS and a bearer token: a call with the token over TLS is served; a call
 * without it, with another, or over plaintext is refused; and a host other machines can reach needs
 * both unless the insecure opt-out is set.
 */
class RemoteSecurityTest {

  private static final String TOKEN = "s3cret-token-for-tests-0123456789";

  @TempDir static Path dir;
  private static TestCertificates certificates;

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void generateCertificates() throws IOException {
    certificates = TestCertificates.generate(dir);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private EmbeddedScheduler start(SchedulerOptions.Builder options) {
    EmbeddedScheduler scheduler = EmbeddedScheduler.start(options.inMemory().build());
    open.add(scheduler);
    return scheduler;
  }

  private EmbeddedScheduler secured() {
    return start(
        SchedulerOptions.newBuilder()
            .tls(certificates.certificate(), certificates.privateKey())
            .authToken(TOKEN));
  }

  private TaskHubSidecarServiceBlockingStub tlsClient(int port, String authorization)
      throws IOException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                "localhost",
                port,
                TlsChannelCredentials.newBuilder()
                    .trustManager(certificates.certificate().toFile())
                    .build())
            .build();
    open.add(
        () -> {
          channel.shutdownNow();
          channel.awaitTermination(5, TimeUnit.SECONDS);
        });
    TaskHubSidecarServiceBlockingStub stub =
        TaskHubSidecarServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    if (authorization == null) {
      return stub;
    }
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void tlsWithTheToken_isServed() throws IOException {
    EmbeddedScheduler scheduler = secured();

    TaskHubSidecarServiceBlockingStub client = tlsClient(scheduler.port(), "Bearer " + TOKEN);

    client.hello(Empty.getDefaultInstance());
    assertThat(
            client
                .getEntity(GetEntityRequest.newBuilder().setInstanceId("@counter@a").build())
                .getExists())
        .isFalse();
    assertThat(scheduler.connectionString())
        .isEqualTo(
            "Endpoint=https://localhost:"
                + scheduler.port()
                + ";Authentication=Token;Token="
                + TOKEN);
  }

  @Test
  void aCallWithoutTheToken_orWithAnother_isUnauthenticated_andTheMessageHasNoSecret()
      throws IOException {
    EmbeddedScheduler scheduler = secured();

    for (String authorization :
        new String[] {null, "Bearer wrong-token-wrong-token-wrong", "Basic " + TOKEN, TOKEN}) {
      TaskHubSidecarServiceBlockingStub client = tlsClient(scheduler.port(), authorization);
      assertThatThrownBy(() -> client.hello(Empty.getDefaultInstance()))
          .as("authorization %s", authorization)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.getStatus().getDescription())
                    .startsWith("Hello: ")
                    .contains("Authentication=Token;Token=<token>")
                    .doesNotContain(TOKEN);
              });
    }
  }

  @Test
  void aPlaintextClient_cannotTalkToATlsPort() {
    EmbeddedScheduler scheduler = secured();
    ManagedChannel plaintext = SchedulerHarness.channel(scheduler.port());
    open.add(plaintext::shutdownNow);

    assertThatThrownBy(
            () ->
                TaskHubSidecarServiceGrpc.newBlockingStub(plaintext)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .hello(Empty.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void aTokenAlone_onLoopback_isRequiredToo() {
    EmbeddedScheduler scheduler = start(SchedulerOptions.newBuilder().authToken(TOKEN));
    ManagedChannel plaintext = SchedulerHarness.channel(scheduler.port());
    open.add(plaintext::shutdownNow);

    assertThatThrownBy(
            () ->
                TaskHubSidecarServiceGrpc.newBlockingStub(plaintext)
                    .hello(Empty.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(scheduler.connectionString()).startsWith("Endpoint=http://localhost:");
  }

  @Test
  void aRemoteHost_needsTlsAndAToken_unlessTheInsecureOptOutIsSet() {
    assertThatThrownBy(() -> SchedulerOptions.newBuilder().host("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host 0.0.0.0 can be reached from other machines")
        .hasMessageContaining("missing: TLS and the token")
        .hasMessageContaining("insecureAllowRemoteWithoutAuth(true)");
    assertThatThrownBy(() -> SchedulerOptions.newBuilder().host("0.0.0.0").authToken(TOKEN).build())
        .hasMessageContaining("missing: TLS.");
    assertThatThrownBy(
            () ->
                SchedulerOptions.newBuilder()
                    .host("0.0.0.0")
                    .tls(certificates.certificate(), certificates.privateKey())
                    .build())
        .hasMessageContaining("missing: the token.");

    assertThat(
            SchedulerOptions.newBuilder()
                .host("0.0.0.0")
                .tls(certificates.certificate(), certificates.privateKey())
                .authToken(TOKEN)
                .build()
                .remote())
        .isTrue();
    SchedulerOptions insecure =
        SchedulerOptions.newBuilder().host("0.0.0.0").insecureAllowRemoteWithoutAuth(true).build();
    assertThat(insecure.toString()).contains("insecureAllowRemoteWithoutAuth");
  }

  @Test
  void aShortToken_isRefused_andToStringNeverShowsIt() {
    assertThatThrownBy(() -> SchedulerOptions.newBuilder().authToken("short").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 printable ASCII characters")
        .hasMessageNotContaining("short");
    assertThatThrownBy(
            () -> SchedulerOptions.newBuilder().authToken("with a space inside it").build())
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(SchedulerOptions.newBuilder().authToken(TOKEN).build().toString())
        .contains("authToken=(set)")
        .doesNotContain(TOKEN);
  }

  @Test
  void unreadableTlsFiles_failTheStart_namingThem() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(
            () ->
                EmbeddedScheduler.start(
                    SchedulerOptions.newBuilder().inMemory().tls(missing, missing).build()))
        .hasMessageContaining("could not read the TLS certificate chain " + missing);
  }
}
