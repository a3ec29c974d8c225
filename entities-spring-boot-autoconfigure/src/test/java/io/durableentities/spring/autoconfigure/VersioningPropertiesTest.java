package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.orchestration.OrchestrationVersioning.FailureStrategy;
import io.durableentities.orchestration.OrchestrationVersioning.MatchStrategy;
import io.durableentities.orchestration.ScheduleOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code durable.versioning.*} reaches the worker and the orchestration client; settings that do
 * not go together, or values that are not strategies, stop the start-up naming the property.
 */
class VersioningPropertiesTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  /** Returns the version it runs as. */
  @OrchestrationName("Versioned")
  static class Versioned implements Orchestration {
    @Override
    public Object run(OrchestrationContext ctx) {
      return ctx.version();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class VersionedApplication {
    @Bean
    Versioned versioned() {
      return new Versioned();
    }
  }

  @Test
  void noVersioningProperties_runEveryVersionAndStartUnversioned() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          OrchestrationVersioning versioning = context.getBean(OrchestrationVersioning.class);
          assertThat(versioning.version()).isEmpty();
          assertThat(versioning.defaultVersion()).isEmpty();
          assertThat(versioning.matchStrategy()).isEqualTo(MatchStrategy.NONE);
          assertThat(versioning.failureStrategy()).isEqualTo(FailureStrategy.REJECT);
          assertThat(context.getBean(OrchestrationClient.class).defaultVersion()).isEmpty();
        });
  }

  @Test
  void versioningProperties_bindRelaxed_andReachTheClientAndTheWorker() {
    runner
        .withUserConfiguration(VersionedApplication.class)
        .withPropertyValues(
            "durable.versioning.version=2.0",
            "durable.versioning.default-version=2.0",
            "durable.versioning.match-strategy=current-or-older",
            "durable.versioning.failure-strategy=fail")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              OrchestrationVersioning versioning = context.getBean(OrchestrationVersioning.class);
              assertThat(versioning.version()).isEqualTo("2.0");
              assertThat(versioning.defaultVersion()).isEqualTo("2.0");
              assertThat(versioning.matchStrategy()).isEqualTo(MatchStrategy.CURRENT_OR_OLDER);
              assertThat(versioning.failureStrategy()).isEqualTo(FailureStrategy.FAIL);
              OrchestrationClient client = context.getBean(OrchestrationClient.class);
              assertThat(client.defaultVersion()).hasValue("2.0");

              String defaulted = client.scheduleNew("Versioned", null);
              String older =
                  client.scheduleNew(
                      "Versioned", null, ScheduleOptions.newBuilder().version("1.0").build());
              String newer =
                  client.scheduleNew(
                      "Versioned", null, ScheduleOptions.newBuilder().version("3.0").build());

              assertThat(client.waitForCompletion(defaulted, WAIT).readOutputAs(String.class))
                  .isEqualTo("2.0");
              assertThat(client.waitForCompletion(older, WAIT).readOutputAs(String.class))
                  .isEqualTo("1.0");
              var failed = client.waitForCompletion(newer, WAIT);
              assertThat(failed.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
              assertThat(failed.failureDetails().errorType())
                  .isEqualTo(OrchestrationVersioning.VERSION_MISMATCH_ERROR_TYPE);
            });
  }

  @Test
  void aMatchStrategyWithoutAVersion_stopsTheStartUp_namingTheProperties() {
    runner
        .withPropertyValues("durable.versioning.match-strategy=strict")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("durable.versioning.match-strategy is STRICT")
                    .hasStackTraceContaining("set durable.versioning.version"));
  }

  @Test
  void aValueThatIsNoStrategy_stopsTheStartUp_namingTheProperty() {
    runner
        .withPropertyValues("durable.versioning.failure-strategy=abandon")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining(
                        "Failed to bind properties under 'durable.versioning.failure-strategy'"));
  }

  @Test
  void anOrchestrationVersioningBean_replacesTheProperties() {
    runner
        .withPropertyValues("durable.versioning.default-version=2.0")
        .withBean(
            OrchestrationVersioning.class,
            () -> OrchestrationVersioning.newBuilder().defaultVersion("3.0").build())
        .run(
            context ->
                assertThat(context.getBean(OrchestrationClient.class).defaultVersion())
                    .hasValue("3.0"));
  }
}
