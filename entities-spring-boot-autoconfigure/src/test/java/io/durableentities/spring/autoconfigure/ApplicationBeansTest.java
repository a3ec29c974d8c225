package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.durableentities.client.ConnectionString;
import io.durableentities.client.DurableClient;
import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.TaskEntity;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.durableentities.spring.DurableEntity;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/** The application's own beans of the library's types take the place of the defaults. */
class ApplicationBeansTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  @Test
  void dataConverterBean_isWhatTheWorkerStoresStatesWith() {
    runner
        .withUserConfiguration(SnakeCaseConfiguration.class)
        .run(
            context -> {
              context.getBean(EntityClient.class).signal(id(), "add", 5L);

              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> rawState(context.getBean(EntityClient.class)) != null);
              assertThat(rawState(context.getBean(EntityClient.class)))
                  .isEqualTo("{\"total_count\":5}");
              assertThat(context.getBean(DurableClient.class).dataConverter())
                  .isSameAs(context.getBean(DataConverter.class));
            });
  }

  @Test
  void tokenCredentialBean_authorizesTheClientsCalls() {
    runner
        .withUserConfiguration(CredentialConfiguration.class)
        .withPropertyValues("durable.worker.enabled=false")
        .run(
            context -> {
              context.getBean(EntityClient.class).get(id());

              assertThat(context.getBean(CountingCredential.class).calls).hasPositiveValue();
            });
  }

  @Test
  void connectionStringBean_replacesTheConfiguredOne() {
    runner
        .withUserConfiguration(OwnConnectionConfiguration.class)
        .withPropertyValues("durable.worker.enabled=false")
        .run(
            context ->
                assertThat(context.getBean(DurableClient.class).connection().taskHub())
                    .isEqualTo("own"));
  }

  @Test
  void withoutTheEmbeddedSchedulerJar_aConnectionStringSuffices() {
    try (EmbeddedScheduler external =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build())) {
      runner
          .withClassLoader(new FilteredClassLoader(EmbeddedScheduler.class))
          .withPropertyValues("durable.connection-string=" + external.connectionString())
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                context.getBean(DurableClient.class).ping(Duration.ofSeconds(10));
              });
    }
  }

  private static EntityInstanceId id() {
    return EntityInstanceId.of("tally", "t1");
  }

  private static String rawState(EntityClient entities) {
    EntityQuery query = EntityQuery.newBuilder().instanceIdStartsWith("tally@").build();
    try (Stream<EntityMetadata<String>> found = entities.query(query)) {
      List<EntityMetadata<String>> all = found.toList();
      return all.isEmpty() ? null : all.get(0).state();
    }
  }

  /**
   * A tally's state.
   *
   * @param totalCount the sum
   */
  public record Tally(long totalCount) {}

  /** An entity whose state is a record. */
  @DurableEntity
  public static class TallyEntity extends TaskEntity<Tally> {
    /**
     * Adds.
     *
     * @param amount the amount
     */
    public void add(long amount) {
      state = new Tally((state == null ? 0 : state.totalCount()) + amount);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Import(TallyEntity.class)
  static class SnakeCaseConfiguration {
    @Bean
    DataConverter snakeCase() {
      return new JacksonDataConverter(
          JacksonDataConverter.newDefaultObjectMapper()
              .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
  }

  /** Counts the tokens asked for. */
  static final class CountingCredential implements TokenCredential {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Mono<AccessToken> getToken(com.azure.core.credential.TokenRequestContext request) {
      calls.incrementAndGet();
      return Mono.just(new AccessToken("token", OffsetDateTime.now().plusHours(1)));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CredentialConfiguration {
    @Bean
    CountingCredential credential() {
      return new CountingCredential();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnConnectionConfiguration {
    @Bean
    ConnectionString ownConnection() {
      return ConnectionString.parse("Endpoint=http://localhost:1;Authentication=None;TaskHub=own");
    }
  }
}
