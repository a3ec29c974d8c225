package io.durableentities.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.durableentities.core.DurableException;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.testfixtures.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our worker and client against a scheduler serving TLS with a self-signed certificate and
 * requiring a token: {@code Endpoint=https://...;Authentication=Token;Token=...} plus {@code
 * trustedCertificates(...)} works; a wrong token or an untrusted certificate is refused.
 */
class SecureSchedulerTest {

  private static final String TOKEN = "client-test-token-0123456789";

  @TempDir static Path dir;
  private static TestCertificates certificates;

  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void generateCertificates() throws IOException {
    certificates = TestCertificates.generate(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  private EmbeddedScheduler securedScheduler() {
    return track(
        EmbeddedScheduler.start(
            SchedulerOptions.newBuilder()
                .inMemory()
                .tls(certificates.certificate(), certificates.privateKey())
                .authToken(TOKEN)
                .build()));
  }

  @Test
  void workerAndClient_overTlsWithTheToken_runASignal() {
    EmbeddedScheduler scheduler = securedScheduler();
    String connection = scheduler.connectionString();
    assertThat(connection).startsWith("Endpoint=https://").contains("Authentication=Token");
    track(
        DurableWorker.newBuilder(connection)
            .trustedCertificates(certificates.certificate())
            .entity(EntitiesEndToEndTest.CounterEntity.class)
            .shutdownTimeout(Duration.ofSeconds(10))
            .start());
    DurableClient client =
        track(
            DurableClient.newBuilder(connection)
                .trustedCertificates(certificates.certificate())
                .build());
    EntityInstanceId id = EntityInstanceId.of("counter", "tls");

    client.entities().signal(id, "add", 7);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.entities().get(id, Long.class))
                    .hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(7L)));
  }

  @Test
  void aWrongToken_isRefused_naming_UNAUTHENTICATED() {
    EmbeddedScheduler scheduler = securedScheduler();
    DurableClient client =
        track(
            DurableClient.newBuilder(
                    "Endpoint=https://localhost:"
                        + scheduler.port()
                        + ";Authentication=Token;Token=not-the-token-0123456789")
                .trustedCertificates(certificates.certificate())
                .retryPolicy(ClientRetryPolicy.none())
                .build());

    assertThatThrownBy(() -> client.entities().get(EntityInstanceId.of("counter", "x"), Long.class))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining("UNAUTHENTICATED");
  }

  @Test
  void anUntrustedCertificate_isRefused() {
    EmbeddedScheduler scheduler = securedScheduler();
    DurableClient client =
        track(
            DurableClient.newBuilder(scheduler.connectionString())
                .retryPolicy(ClientRetryPolicy.none())
                .callTimeout(Duration.ofSeconds(10))
                .build());

    assertThatThrownBy(() -> client.entities().get(EntityInstanceId.of("counter", "x"), Long.class))
        .isInstanceOf(DurableException.class)
        .hasMessageContaining("UNAVAILABLE");
  }

  @Test
  void trustedCertificates_forAPlaintextEndpoint_isAMistakeNamedAtBuild() {
    assertThatThrownBy(
            () ->
                DurableClient.newBuilder("Endpoint=http://localhost:1;Authentication=None")
                    .trustedCertificates(certificates.certificate())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use an https endpoint");
  }
}
