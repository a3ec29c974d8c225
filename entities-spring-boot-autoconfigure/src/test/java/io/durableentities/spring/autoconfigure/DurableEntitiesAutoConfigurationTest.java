package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.ConnectionString;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClient;
import io.durableentities.core.DataConverter;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which scheduler, clients and worker the auto-configuration makes, from the properties. */
class DurableEntitiesAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  @Test
  void noConnectionString_startsAnEmbeddedScheduler_andConnectsClientsAndWorkerToIt() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          EmbeddedScheduler scheduler = context.getBean(EmbeddedScheduler.class);
          ConnectionString connection = context.getBean(ConnectionString.class);
          assertThat(connection.endpoint().getPort()).isEqualTo(scheduler.port());
          DurableClient client = context.getBean(DurableClient.class);
          assertThat(client.connection()).isSameAs(connection);
          assertThat(context.getBean(EntityClient.class)).isSameAs(client.entities());
          assertThat(context.getBean(OrchestrationClient.class))
              .isSameAs(OrchestrationClient.of(client));
          assertThat(context.getBean(DurableWorkerLifecycle.class).isRunning()).isTrue();
          assertThat(context.getBean(DurableWorker.class).connection()).isSameAs(connection);
          assertThat(scheduler.dashboardPort()).isEmpty();
        });
  }

  @Test
  void embeddedSettings_reachTheScheduler() {
    runner
        .withPropertyValues(
            "durable.embedded.host=127.0.0.1",
            "durable.embedded.dashboard.enabled=true",
            "durable.embedded.dashboard.port=0")
        .run(
            context -> {
              EmbeddedScheduler scheduler = context.getBean(EmbeddedScheduler.class);
              assertThat(scheduler.options().host()).contains("127.0.0.1");
              assertThat(scheduler.options().inMemory()).isTrue();
              assertThat(scheduler.dashboardPort()).isPresent();
            });
  }

  @Test
  void connectionString_turnsTheEmbeddedSchedulerOff() {
    try (EmbeddedScheduler external =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build())) {
      runner
          .withPropertyValues("durable.connection-string=" + external.connectionString())
          .run(
              context -> {
                assertThat(context).doesNotHaveBean(EmbeddedScheduler.class);
                assertThat(context.getBean(ConnectionString.class).endpoint().getPort())
                    .isEqualTo(external.port());
                assertThat(
                        context
                            .getBean(DurableWorker.class)
                            .awaitConnected(java.time.Duration.ofSeconds(30)))
                    .isTrue();
              });
    }
  }

  @Test
  void endpointWithTaskHubAndAuthentication_composeTheConnection() {
    runner
        .withPropertyValues(
            "durable.endpoint=http://localhost:1",
            "durable.task-hub=orders",
            "durable.authentication=None",
            "durable.worker.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(EmbeddedScheduler.class);
              ConnectionString connection = context.getBean(ConnectionString.class);
              assertThat(connection.endpoint()).isEqualTo(URI.create("http://localhost:1"));
              assertThat(connection.taskHub()).isEqualTo("orders");
              assertThat(connection.authentication())
                  .isEqualTo(ConnectionString.Authentication.NONE);
            });
  }

  @Test
  void authentication_bindsTheConnectionStringSpelling() {
    runner
        .withPropertyValues(
            "durable.endpoint=https://my-scheduler.westus2.durabletask.io",
            "durable.authentication=ManagedIdentity",
            "durable.client-id=00000000-0000-0000-0000-000000000001",
            "durable.worker.enabled=false")
        .run(
            context -> {
              ConnectionString connection = context.getBean(ConnectionString.class);
              assertThat(connection.authentication())
                  .isEqualTo(ConnectionString.Authentication.MANAGED_IDENTITY);
              assertThat(connection.clientId()).contains("00000000-0000-0000-0000-000000000001");
            });
  }

  @Test
  void connectionStringAndEndpoint_failNamingBoth() {
    runner
        .withPropertyValues(
            "durable.connection-string=Endpoint=http://localhost:1;Authentication=None",
            "durable.endpoint=http://localhost:2")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Both durable.connection-string and durable.endpoint"));
  }

  @Test
  void endpointSettingsBesideAConnectionString_failNamingThem() {
    runner
        .withPropertyValues(
            "durable.connection-string=Endpoint=http://localhost:1;Authentication=None",
            "durable.task-hub=orders")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("[durable.task-hub] only apply with durable.endpoint"));
  }

  @Test
  void invalidConnectionString_failsNamingTheProperty() {
    runner
        .withPropertyValues("durable.connection-string=Authentication=None")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("Invalid durable.connection-string: ")
                    .rootCause()
                    .hasMessageContaining("Endpoint"));
  }

  @Test
  void embeddedOff_andNothingConfigured_failsTellingWhatToSet() {
    runner
        .withPropertyValues("durable.embedded.enabled=false")
        .run(
            context -> {
              assertThat(context)
                  .getFailure()
                  .rootCause()
                  .hasMessageContaining(
                      "No scheduler for Durable Entities: set durable.connection-string");
            });
  }

  @Test
  void withoutTheEmbeddedSchedulerJar_nothingConfigured_failsTellingWhatToAdd() {
    runner
        .withClassLoader(new FilteredClassLoader(EmbeddedScheduler.class))
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("io.durableentities:embedded-scheduler"));
  }

  @Test
  void workerDisabled_leavesTheClientsOnly() {
    runner
        .withPropertyValues("durable.worker.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(DurableClient.class);
              assertThat(context).doesNotHaveBean(DurableWorkerLifecycle.class);
              assertThat(context).doesNotHaveBean(DurableWorker.class);
            });
  }

  @Test
  void clientSettings_andTheApplicationsDataConverter_reachTheClient() {
    runner
        .withUserConfiguration(ConverterConfiguration.class)
        .withPropertyValues("durable.client.call-timeout=5s", "durable.client.max-attempts=1")
        .run(
            context ->
                assertThat(context.getBean(DurableClient.class).dataConverter())
                    .isSameAs(ConverterConfiguration.CONVERTER));
  }

  @Test
  void applicationsOwnClient_replacesTheAutoConfiguredOne() {
    runner
        .withUserConfiguration(OwnClientConfiguration.class)
        .withPropertyValues("durable.worker.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(DurableClient.class);
              assertThat(context.getBean(DurableClient.class).connection().taskHub())
                  .isEqualTo("mine");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class ConverterConfiguration {
    static final DataConverter CONVERTER = new JacksonDataConverter();

    @Bean
    DataConverter dataConverter() {
      return CONVERTER;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClientConfiguration {
    @Bean(destroyMethod = "close")
    DurableClient myClient() {
      return DurableClient.connect("Endpoint=http://localhost:1;Authentication=None;TaskHub=mine");
    }
  }
}
