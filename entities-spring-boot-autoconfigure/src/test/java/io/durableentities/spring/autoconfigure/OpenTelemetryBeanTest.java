package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.EntityClient;
import io.durableentities.spring.autoconfigure.bank.Account;
import io.durableentities.spring.autoconfigure.bank.BankApplication;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application's {@link OpenTelemetry} bean (what Spring Boot's OpenTelemetry support defines)
 * receives the metrics of the client, the worker and the embedded scheduler.
 */
class OpenTelemetryBeanTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  /** An OpenTelemetry SDK whose metrics a test reads. */
  @Configuration(proxyBeanMethods = false)
  static class Telemetry {
    @Bean
    InMemoryMetricReader metricReader() {
      return InMemoryMetricReader.create();
    }

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetry(InMemoryMetricReader reader) {
      return OpenTelemetrySdk.builder()
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
          .build();
    }
  }

  @Test
  void theApplicationsOpenTelemetry_getsTheClientWorkerAndSchedulerMetrics() {
    runner
        .withUserConfiguration(BankApplication.class, Telemetry.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              InMemoryMetricReader reader = context.getBean(InMemoryMetricReader.class);

              context.getBean(EntityClient.class).signal(Account.class, "a1").deposit(10);

              await()
                  .atMost(Duration.ofSeconds(30))
                  .untilAsserted(
                      () ->
                          assertThat(reader.collectAllMetrics())
                              .extracting(MetricData::getName)
                              .contains(
                                  "durableentities.client.signals",
                                  "durableentities.scheduler.signals",
                                  "durableentities.entity.operations"));
            });
  }
}
