package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.testfixtures.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Durable Task JavaScript SDK against the scheduler jar serving TLS (a certificate
 * made at test time) and requiring a token: with its own {@code credentials} and {@code
 * metadataGenerator} options it runs the counter interop check; without the token, or with another,
 * it is refused with UNAUTHENTICATED.
 *
 * <p>Needs Node.js and {@code npm ci} in {@code interop-tests/js}, like {@link JsSdkInteropIT}.
 */
class JsSdkSecurityIT {

  private static final String TOKEN = "js-interop-token-0123456789abcdef";

  @TempDir Path dir;

  private SchedulerProcess securedScheduler(TestCertificates certificates) throws Exception {
    return SchedulerProcess.start(
        Duration.ofSeconds(60),
        Map.of("DURABLE_SCHEDULER_AUTH_TOKEN", TOKEN),
        "--tls-cert",
        certificates.certificate().toString(),
        "--tls-key",
        certificates.privateKey().toString());
  }

  @Test
  void jsSdk_overTlsWithTheToken_signalsGetsAndQueriesACounter() throws Exception {
    NodeScript.requirePrerequisites();
    TestCertificates certificates = TestCertificates.generate(dir);
    try (SchedulerProcess scheduler = securedScheduler(certificates);
        NodeScript node =
            NodeScript.start(
                "counter-interop.mjs",
                scheduler,
                Map.of(
                    "DURABLE_TLS_CA",
                    certificates.certificate().toString(),
                    "DURABLE_TOKEN",
                    TOKEN))) {
      assertThat(node.awaitSuccess(Duration.ofSeconds(120), scheduler)).contains("state=42");
      assertThat(scheduler.output()).contains("TLS, bearer token required").doesNotContain(TOKEN);
    }
  }

  @Test
  void jsSdk_withoutTheToken_orWithAnother_isUnauthenticated() throws Exception {
    NodeScript.requirePrerequisites();
    TestCertificates certificates = TestCertificates.generate(dir);
    try (SchedulerProcess scheduler = securedScheduler(certificates)) {
      for (Map<String, String> environment :
          new Map[] {
            Map.of("DURABLE_TLS_CA", certificates.certificate().toString()),
            Map.of(
                "DURABLE_TLS_CA",
                certificates.certificate().toString(),
                "DURABLE_TOKEN",
                "another-token-0123456789abcdef")
          }) {
        try (NodeScript node =
            NodeScript.start("auth-refused-interop.mjs", scheduler, environment)) {
          assertThat(node.awaitSuccess(Duration.ofSeconds(60), scheduler))
              .contains("refused=UNAUTHENTICATED");
        }
      }
    }
  }
}
