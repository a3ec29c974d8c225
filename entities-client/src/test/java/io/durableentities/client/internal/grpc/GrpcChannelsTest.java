package io.durableentities.client.internal.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.google.protobuf.Empty;
import io.durableentities.protocol.internal.TaskHubSidecarServiceGrpc;
import io.durableentities.testfixtures.FakeSidecar;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class GrpcChannelsTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now = Instant.parse("2026-11-28T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Counts token requests; each token is valid for one hour from the clock's time. */
  static final class CountingCredential implements TokenCredential {
    final AtomicInteger calls = new AtomicInteger();
    final List<String> scopes = new CopyOnWriteArrayList<>();
    final Clock clock;
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile boolean fail;

    CountingCredential(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      return Mono.fromCallable(
          () -> {
            int n = calls.incrementAndGet();
            scopes.addAll(request.getScopes());
            gate.await(20, TimeUnit.SECONDS);
            if (fail) {
              throw new IllegalStateException("no token today");
            }
            return new AccessToken(
                "token-" + n,
                OffsetDateTime.ofInstant(
                    clock.instant().plus(Duration.ofHours(1)), ZoneOffset.UTC));
          });
    }
  }

  private final FakeSidecar sidecar = FakeSidecar.start();
  private final MovableClock clock = new MovableClock();
  private final CountingCredential credential = new CountingCredential(clock);
  private ManagedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    sidecar.close();
  }

  private TaskHubSidecarServiceGrpc.TaskHubSidecarServiceBlockingStub stub(
      TokenCredential credential, String workerId) {
    channel =
        GrpcChannels.create(
            new ChannelConfig(
                URI.create("http://127.0.0.1:" + sidecar.port()),
                "hub-a",
                credential,
                "https://durabletask.io",
                ChannelConfig.DEFAULT_MAX_INBOUND_MESSAGE_SIZE,
                "durable-entities-java/test",
                workerId,
                clock));
    return TaskHubSidecarServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private Metadata lastHelloHeaders() {
    List<Metadata> headers = sidecar.requests().headersOf("Hello");
    return headers.get(headers.size() - 1);
  }

  @Test
  void headers_taskHubUserAgentAndWorkerId_noAuthorizationWithoutCredential() {
    stub(null, "host,42,abc").hello(Empty.getDefaultInstance());

    Metadata headers = lastHelloHeaders();
    assertThat(headers.get(GrpcChannels.TASK_HUB)).isEqualTo("hub-a");
    assertThat(headers.get(GrpcChannels.USER_AGENT)).isEqualTo("durable-entities-java/test");
    assertThat(headers.get(GrpcChannels.WORKER_ID)).isEqualTo("host,42,abc");
    assertThat(headers.get(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER)))
        .startsWith("durable-entities-java/test");
    assertThat(headers.get(GrpcChannels.AUTHORIZATION)).isNull();
    assertThat(credential.calls).hasValue(0);
  }

  @Test
  void bearerToken_isSentAndCachedForTheScope() {
    var stub = stub(credential, null);

    stub.hello(Empty.getDefaultInstance());
    stub.hello(Empty.getDefaultInstance());

    assertThat(lastHelloHeaders().get(GrpcChannels.AUTHORIZATION)).isEqualTo("Bearer token-1");
    assertThat(credential.calls).hasValue(1);
    assertThat(credential.scopes).containsExactly("https://durabletask.io/.default");
  }

  @Test
  void bearerToken_isRefreshedFiveMinutesBeforeExpiry() {
    var stub = stub(credential, null);
    stub.hello(Empty.getDefaultInstance());

    clock.now = clock.now.plus(Duration.ofMinutes(54));
    stub.hello(Empty.getDefaultInstance());
    assertThat(credential.calls).hasValue(1);

    clock.now = clock.now.plus(Duration.ofMinutes(2));
    stub.hello(Empty.getDefaultInstance());
    assertThat(credential.calls).hasValue(2);
    assertThat(lastHelloHeaders().get(GrpcChannels.AUTHORIZATION)).isEqualTo("Bearer token-2");
  }

  @Test
  void concurrentRefreshes_collapseIntoOne() throws Exception {
    TokenCache cache = new TokenCache(credential, "https://durabletask.io/", clock);
    credential.gate = new CountDownLatch(1);

    var first = cache.token();
    var second = cache.token();
    credential.gate.countDown();

    assertThat(first.get(20, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
    assertThat(second.get(20, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");
    assertThat(credential.calls).hasValue(1);
    assertThat(cache.scope()).isEqualTo("https://durabletask.io/.default");
  }

  @Test
  void failedRefresh_keepsTheValidTokenAndFailsCallsWithoutOne() throws Exception {
    TokenCache cache = new TokenCache(credential, "https://durabletask.io", clock);
    cache.token().get(20, TimeUnit.SECONDS);
    credential.fail = true;
    clock.now = clock.now.plus(Duration.ofMinutes(58));

    assertThat(cache.token().get(20, TimeUnit.SECONDS).getToken()).isEqualTo("token-1");

    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThatThrownBy(() -> stub(credential, null).hello(Empty.getDefaultInstance()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("UNAUTHENTICATED")
        .hasMessageContaining("https://durabletask.io/.default")
        .hasMessageContaining("no token today");
  }

  @Test
  void credentialOverPlaintextToRemoteHost_isRefused() {
    assertThatThrownBy(
            () ->
                GrpcChannels.create(
                    new ChannelConfig(
                        URI.create("http://scheduler.example.com"),
                        "hub",
                        credential,
                        ChannelConfig.DEFAULT_RESOURCE_ID,
                        ChannelConfig.DEFAULT_MAX_INBOUND_MESSAGE_SIZE,
                        "ua",
                        null,
                        clock)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plaintext")
        .hasMessageContaining("scheduler.example.com");
  }

  @Test
  void port_defaultsBySchemeUnlessGiven() {
    assertThat(GrpcChannels.port(URI.create("https://x.durabletask.io"))).isEqualTo(443);
    assertThat(GrpcChannels.port(URI.create("http://localhost"))).isEqualTo(80);
    assertThat(GrpcChannels.port(URI.create("http://localhost:8080"))).isEqualTo(8080);
  }

  @Test
  void identity_userAgentAndWorkerIdShapes() {
    assertThat(Identity.userAgent()).isEqualTo("durable-entities-java/" + Identity.version());
    assertThat(Identity.version()).isNotEqualTo("unknown");
    assertThat(Identity.newWorkerId().split(",")).hasSize(3);
  }
}
