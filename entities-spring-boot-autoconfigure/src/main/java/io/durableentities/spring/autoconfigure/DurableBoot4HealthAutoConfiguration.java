package io.durableentities.spring.autoconfigure;

import io.durableentities.client.DurableClient;
import io.durableentities.spring.DurableProperties;
import io.durableentities.spring.internal.DurableHealthCheck;
import io.durableentities.spring.internal.DurableWorkerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code durable} health indicator on Spring Boot 4, which moved the health API to {@code
 * org.springframework.boot.health} (module {@code spring-boot-health}): up when the scheduler
 * answers and the worker, if any, is connected; turned off with {@code
 * management.health.durable.enabled=false}. Where Spring Boot 3's health API is also present,
 * {@link DurableHealthAutoConfiguration} makes the indicator instead.
 */
@AutoConfiguration(
    after = DurableEntitiesAutoConfiguration.class,
    afterName =
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(
    name = {
      "org.springframework.boot.health.contributor.HealthIndicator",
      "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
    })
@ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(DurableClient.class)
public class DurableBoot4HealthAutoConfiguration {

  /** Creates the configuration. */
  public DurableBoot4HealthAutoConfiguration() {}

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
