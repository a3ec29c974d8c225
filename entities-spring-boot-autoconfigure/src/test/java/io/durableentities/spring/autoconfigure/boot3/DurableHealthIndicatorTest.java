package io.durableentities.spring.autoconfigure.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.autoconfigure.DurableBoot4HealthAutoConfiguration;
import io.durableentities.spring.autoconfigure.DurableEntitiesAutoConfiguration;
import io.durableentities.spring.autoconfigure.DurableHealthAutoConfiguration;
import io.durableentities.spring.autoconfigure.bank.BankApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code durable} health indicator on Spring Boot 3's actuator API. */
class DurableHealthIndicatorTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DurableEntitiesAutoConfiguration.class,
                  DurableHealthAutoConfiguration.class,
                  DurableBoot4HealthAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  @Test
  void embeddedScheduler_andConnectedWorker_areUp() {
    runner
        .withUserConfiguration(BankApplication.class)
        .run(
            context -> {
              HealthIndicator indicator =
                  context.getBean("durableHealthIndicator", HealthIndicator.class);
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> indicator.health().getStatus().equals(Status.UP));
              Health health = indicator.health();
              assertThat(health.getDetails())
                  .containsEntry("scheduler", "reachable")
                  .containsEntry("worker", "connected")
                  .containsEntry("taskHub", "default")
                  .containsKey("endpoint");
            });
  }

  @Test
  void unreachableScheduler_isDown_namingTheEndpoint() {
    int port;
    try (EmbeddedScheduler gone =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build())) {
      port = gone.port();
    }
    runner
        .withPropertyValues(
            "durable.connection-string=Endpoint=http://localhost:" + port + ";Authentication=None",
            "durable.worker.enabled=false",
            "durable.client.health-timeout=1s")
        .run(
            context -> {
              Health health =
                  context.getBean("durableHealthIndicator", HealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails()).doesNotContainKey("worker");
              assertThat((String) health.getDetails().get("scheduler"))
                  .startsWith("unreachable: The scheduler at http://localhost:" + port);
            });
  }

  @Test
  void onlyTheBoot3Indicator_isMade_andTheManagementPropertyTurnsItOff() {
    runner.run(context -> assertThat(context).hasSingleBean(HealthIndicator.class));
    runner
        .withPropertyValues("management.health.durable.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(HealthIndicator.class));
  }
}
