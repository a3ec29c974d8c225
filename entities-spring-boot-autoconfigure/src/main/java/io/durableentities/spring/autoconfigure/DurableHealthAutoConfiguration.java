package io.durableentities.spring.autoconfigure;

import io.durableentities.client.DurableClient;
import io.durableentities.spring.DurableProperties;
import io.durableentities.spring.internal.DurableHealthCheck;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code durable} health indicator on Spring Boot 3 (whose actuator has {@code
 * org.springframework.boot.actuate.health}): up when the scheduler answers and the worker, if any,
 * is connected; turned off with {@code management.health.durable.enabled=false}.
 */
@AutoConfiguration(
    after = DurableEntitiesAutoConfiguration.class,
    afterName =
        "org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.actuate.health.HealthIndicator",
      "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnBean(DurableClient.class)
public class DurableHealthAutoConfiguration {

  /** Creates the configuration. */
  public DurableHealthAutoConfiguration() {}

  @Bean
  @ConditionalOnEnabledHealthIndicator("durable")
  @ConditionalOnMissingBean(name = "durableHealthIndicator")
  HealthIndicator durableHealthIndicator(
      DurableClient client,
      ObjectProvider<DurableWorkerLifecycle> worker,
      DurableProperties properties) {
    DurableHealthCheck check =
        new DurableHealthCheck(
            client, worker.getIfAvailable(), properties.getClient().getHealthTimeout());
    return () -> {
      DurableHealthCheck.Result result = check.check();
      return (result.up() ? Health.up() : Health.down()).withDetails(result.details()).build();
    };
  }
}
