package io.durableentities.spring.autoconfigure;

import com.azure.core.credential.TokenCredential;
import io.durableentities.client.ClientRetryPolicy;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClient;
import io.durableentities.client.PayloadStore;
import io.durableentities.core.DataConverter;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationVersioning;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.DurableProperties;
import io.durableentities.spring.EmbeddedSchedulerProperties;
import io.durableentities.spring.WorkerProperties;
import io.durableentities.spring.internal.BeanRegistrations;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import io.durableentities.spring.internal.SchedulerChoice;
import io.opentelemetry.api.OpenTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration of Durable Entities: the scheduler connection (an embedded scheduler when none
 * is configured), the {@link DurableClient}, its {@link EntityClient}, the {@link
 * OrchestrationClient}, and the {@link DurableWorker} hosting the application's entity,
 * orchestration and activity beans, started and drained with the application.
 *
 * <p>An application's own bean of any of these types replaces the one made here. A {@link
 * DataConverter} bean is used by the client and the worker, a {@link TokenCredential} bean
 * overrides the connection's authentication, a {@link PayloadStore} bean stores the large payloads
 * of both (see {@code DurableClient.Builder.payloadStore}), an {@link OrchestrationVersioning} bean
 * (by default made from {@code durable.versioning.*}) sets the worker's versioning and the
 * orchestration client's default version, and a single {@link OpenTelemetry} bean (the one Spring
 * Boot's OpenTelemetry support or the application defines) receives the metrics and traces of the
 * client, the worker and the embedded scheduler; without one they use {@code GlobalOpenTelemetry},
 * a no-op unless an SDK or the Java agent registered itself.
 */
@AutoConfiguration
@EnableConfigurationProperties(DurableProperties.class)
public class DurableEntitiesAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DurableEntitiesAutoConfiguration.class);

  /** Creates the configuration. */
  public DurableEntitiesAutoConfiguration() {}

  /** The scheduler named by {@code durable.connection-string} or {@code durable.endpoint}. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(SchedulerChoice.OnConfiguredScheduler.class)
  static class ConfiguredSchedulerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConnectionString durableConnectionString(DurableProperties properties) {
      return SchedulerChoice.connectionString(properties);
    }
  }

  /** A scheduler in this process, when none is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.durableentities.scheduler.EmbeddedScheduler")
  @Conditional(SchedulerChoice.OnEmbeddedScheduler.class)
  static class EmbeddedSchedulerConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    EmbeddedScheduler durableEmbeddedScheduler(
        DurableProperties properties, ObjectProvider<OpenTelemetry> openTelemetry) {
      EmbeddedSchedulerProperties embedded = properties.getEmbedded();
      SchedulerOptions.Builder options =
          SchedulerOptions.newBuilder().host(embedded.getHost()).port(embedded.getPort());
      if (embedded.isInMemory()) {
        options.inMemory();
      } else {
        options.dataDir(embedded.getDataDir());
      }
      if (embedded.getDashboard().isEnabled()) {
        options.dashboardPort(embedded.getDashboard().getPort());
      }
      openTelemetry.ifUnique(options::openTelemetry);
      return EmbeddedScheduler.start(options.build());
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionString durableConnectionString(EmbeddedScheduler scheduler) {
      return ConnectionString.parse(scheduler.connectionString());
    }
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  DurableClient durableClient(
      ObjectProvider<ConnectionString> connection,
      DurableProperties properties,
      ObjectProvider<DataConverter> dataConverter,
      ObjectProvider<TokenCredential> credential,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<PayloadStore> payloadStore) {
    DurableClient.Builder client =
        DurableClient.newBuilder(requireConnection(connection))
            .callTimeout(properties.getClient().getCallTimeout());
    if (properties.getClient().getMaxAttempts() != null) {
      client.retryPolicy(
          ClientRetryPolicy.newBuilder()
              .maxAttempts(properties.getClient().getMaxAttempts())
              .build());
    }
    dataConverter.ifAvailable(client::dataConverter);
    credential.ifAvailable(client::credential);
    openTelemetry.ifUnique(client::openTelemetry);
    payloadStore.ifAvailable(client::payloadStore);
    return client.build();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  EntityClient durableEntityClient(DurableClient client) {
    return client.entities();
  }

  /**
   * The worker's orchestration versioning and the client's default version, from {@code
   * durable.versioning.*}; made at start-up, so that settings that do not go together stop it.
   */
  @Bean
  @ConditionalOnMissingBean
  OrchestrationVersioning durableOrchestrationVersioning(DurableProperties properties) {
    return properties.getVersioning().toVersioning();
  }

  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  OrchestrationClient durableOrchestrationClient(
      DurableClient client, OrchestrationVersioning versioning) {
    OrchestrationClient orchestrations = OrchestrationClient.of(client);
    return versioning.defaultVersion().isEmpty()
        ? orchestrations
        : orchestrations.withDefaultVersion(versioning.defaultVersion());
  }

  /** The worker, unless {@code durable.worker.enabled=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "durable.worker",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class WorkerConfiguration {

    /** Made by the lifecycle's start, which is when the worker connects. */
    @Bean(destroyMethod = "close")
    @Lazy
    @ConditionalOnMissingBean
    DurableWorker durableWorker(
        ObjectProvider<ConnectionString> connection,
        DurableProperties properties,
        ListableBeanFactory beans,
        ObjectProvider<DataConverter> dataConverter,
        ObjectProvider<TokenCredential> credential,
        ObjectProvider<OpenTelemetry> openTelemetry,
        ObjectProvider<PayloadStore> payloadStore,
        OrchestrationVersioning versioning) {
      WorkerProperties settings = properties.getWorker();
      BeanRegistrations registrations = new BeanRegistrations(beans);
      DurableWorker.Builder worker =
          DurableWorker.newBuilder(requireConnection(connection))
              .shutdownTimeout(settings.getShutdownTimeout());
      if (settings.getMaxConcurrentEntityWorkItems() != null) {
        worker.maxConcurrentEntityWorkItems(settings.getMaxConcurrentEntityWorkItems());
      }
      dataConverter.ifAvailable(worker::dataConverter);
      credential.ifAvailable(worker::credential);
      openTelemetry.ifUnique(worker::openTelemetry);
      payloadStore.ifAvailable(worker::payloadStore);
      registrations.registerEntities(worker);
      Orchestrations.Builder registry = Orchestrations.newBuilder();
      dataConverter.ifAvailable(registry::dataConverter);
      registrations.registerOrchestrations(registry);
      OrchestrationWorker.Builder orchestrations =
          OrchestrationWorker.newBuilder(registry.build()).versioning(versioning);
      if (settings.getMaxConcurrentOrchestrations() != null) {
        orchestrations.maxConcurrentOrchestrations(settings.getMaxConcurrentOrchestrations());
      }
      if (settings.getMaxConcurrentActivities() != null) {
        orchestrations.maxConcurrentActivities(settings.getMaxConcurrentActivities());
      }
      worker.extension(orchestrations.build());
      DurableWorker started = worker.start();
      LOG.info("Durable worker for {} hosts {}", started.connection(), registrations);
      return started;
    }

    @Bean
    @ConditionalOnMissingBean
    DurableWorkerLifecycle durableWorkerLifecycle(ObjectProvider<DurableWorker> worker) {
      return new DurableWorkerLifecycle(worker::getObject);
    }
  }

  private static ConnectionString requireConnection(ObjectProvider<ConnectionString> connection) {
    ConnectionString found = connection.getIfAvailable();
    if (found == null) {
      throw new IllegalStateException(
          "No scheduler for Durable Entities: set durable.connection-string (or durable.endpoint)"
              + " to use a running scheduler, or, for a scheduler embedded in the application,"
              + " put io.durableentities:embedded-scheduler on the class path and leave"
              + " durable.embedded.enabled true");
    }
    return found;
  }
}
