package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.Entity;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.ActivityName;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.spring.autoconfigure.bank.Account;
import io.durableentities.spring.autoconfigure.bank.AccountEntity;
import io.durableentities.spring.autoconfigure.bank.BankApplication;
import io.durableentities.spring.autoconfigure.bank.Fees;
import io.durableentities.spring.internal.BeanRegistrations;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * The worker hosts the application's entity, orchestration and activity beans, each object made by
 * Spring with its dependencies when the worker needs one.
 */
class WorkerBeansTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  @Test
  void scannedBeans_runWithTheirInjectedDependencies_aNewEntityObjectPerBatch() {
    runner
        .withUserConfiguration(BankApplication.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              EntityClient entities = context.getBean(EntityClient.class);
              OrchestrationClient orchestrations = context.getBean(OrchestrationClient.class);
              Fees fees = context.getBean(Fees.class);

              entities.signal(Account.class, "a1").deposit(10);
              await().atMost(Duration.ofSeconds(30)).until(() -> balance(entities, "a1") == 9L);
              String id = orchestrations.scheduleNew("Deposit", "a1");
              OrchestrationMetadata done =
                  orchestrations.waitForCompletion(id, Duration.ofSeconds(30));

              assertThat(done.readOutputAs(String.class)).isEqualTo("receipt for a1");
              await().atMost(Duration.ofSeconds(30)).until(() -> balance(entities, "a1") == 108L);
              assertThat(fees.entitiesMade()).isGreaterThanOrEqualTo(2);
            });
  }

  @Test
  void registrations_nameEachBeanAsTheWorkerDoes() {
    runner
        .withUserConfiguration(BankApplication.class)
        .run(
            context -> {
              BeanRegistrations registrations = new BeanRegistrations(context);
              assertThat(registrations.entities())
                  .containsExactly(
                      new BeanRegistrations.Registration(
                          "account", "accountEntity", AccountEntity.class));
              assertThat(registrations.orchestrations())
                  .extracting(BeanRegistrations.Registration::name)
                  .containsExactly("Deposit");
              assertThat(registrations.activities())
                  .extracting(BeanRegistrations.Registration::name)
                  .containsExactly("SendReceipt");
            });
  }

  @Test
  void singletonEntityBean_failsStartupNamingTheBeanAndTheFix() {
    runner
        .withUserConfiguration(SingletonEntityConfiguration.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("The entity bean 'counter'")
                    .hasMessageContaining("is a singleton")
                    .hasMessageContaining("@DurableEntity"));
  }

  @Test
  void entityBeanOfAnInterfaceType_failsStartupAskingForTheConcreteClass() {
    runner
        .withUserConfiguration(LambdaEntityConfiguration.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("Cannot host the entity bean 'raw'")
                    .hasMessageContaining("is not a concrete class"));
  }

  @Test
  void twoBeansWithOneName_failStartupNamingBoth() {
    runner
        .withUserConfiguration(TwoCountersConfiguration.class)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("'counterA'")
                    .hasMessageContaining("'counterB'")
                    .hasMessageContaining("are both the entity 'counter'"));
  }

  @Test
  void singletonActivity_isSharedByAllExecutions() {
    runner
        .withUserConfiguration(SingletonActivityConfiguration.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(new BeanRegistrations(context).activities())
                  .extracting(BeanRegistrations.Registration::name)
                  .containsExactly("Echo");
            });
  }

  private static long balance(EntityClient entities, String key) {
    Optional<EntityMetadata<Long>> account =
        entities.get(EntityInstanceId.of("account", key), Long.class);
    return account.map(EntityMetadata::state).orElse(-1L);
  }

  /** A counter entity. */
  public static class CounterEntity extends TaskEntity<Long> {
    /**
     * Adds.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  /** Another class with the same entity name. */
  public static class Counter extends TaskEntity<Long> {
    /**
     * Adds.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state += amount;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SingletonEntityConfiguration {
    @Bean
    CounterEntity counter() {
      return new CounterEntity();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class LambdaEntityConfiguration {
    @Bean
    @Scope("prototype")
    Entity raw() {
      return operation -> null;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoCountersConfiguration {
    @Bean
    @Scope("prototype")
    CounterEntity counterA() {
      return new CounterEntity();
    }

    @Bean
    @Scope("prototype")
    Counter counterB() {
      return new Counter();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SingletonActivityConfiguration {
    @Bean
    Echo echo() {
      return new Echo();
    }
  }

  /** A stateless activity, fine as a singleton. */
  @ActivityName("Echo")
  public static class Echo implements Activity {
    @Override
    public Object run(io.durableentities.orchestration.ActivityContext ctx) {
      return ctx.input(String.class);
    }
  }
}
