package io.durableentities.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.PayloadStore;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityNames;
import io.durableentities.core.TaskEntity;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

/**
 * An application's {@link PayloadStore} bean stores the large payloads of the client and worker.
 */
class PayloadStoreBeanTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DurableEntitiesAutoConfiguration.class))
          .withPropertyValues("durable.embedded.in-memory=true");

  /** Keeps the length of the last text it was given. */
  public static class LengthEntity extends TaskEntity<Integer> {
    /**
     * Keeps the text's length.
     *
     * @param text the text
     */
    public void put(String text) {
      state = text.length();
    }
  }

  /** A store in memory that counts what it stores and hands out. */
  static final class MemoryStore implements PayloadStore {
    final Map<String, String> blobs = new ConcurrentHashMap<>();
    final AtomicInteger downloads = new AtomicInteger();

    @Override
    public String upload(String payload) {
      String token = "memory:" + UUID.randomUUID();
      blobs.put(token, payload);
      return token;
    }

    @Override
    public String download(String token) {
      downloads.incrementAndGet();
      return blobs.get(token);
    }

    @Override
    public boolean isKnownToken(String value) {
      return value.startsWith("memory:");
    }

    @Override
    public int thresholdBytes() {
      return MIN_THRESHOLD_BYTES;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StoreApplication {
    @Bean
    MemoryStore memoryStore() {
      return new MemoryStore();
    }

    @Bean
    @Scope("prototype")
    LengthEntity lengthEntity() {
      return new LengthEntity();
    }
  }

  @Test
  void aPayloadStoreBean_storesTheClientsLargeInputs_andTheWorkerReadsThem() {
    runner
        .withUserConfiguration(StoreApplication.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MemoryStore store = context.getBean(MemoryStore.class);
              EntityClient entities = context.getBean(EntityClient.class);
              EntityInstanceId id = EntityInstanceId.of(EntityNames.of(LengthEntity.class), "k");
              String large = "x".repeat(4 * PayloadStore.MIN_THRESHOLD_BYTES);

              entities.signal(id, "put", large);

              await()
                  .atMost(Duration.ofSeconds(60))
                  .until(
                      () ->
                          entities
                              .get(id, Integer.class)
                              .map(EntityMetadata::state)
                              .orElse(-1)
                              .equals(large.length()));
              assertThat(store.blobs).as("the client stored the signal's input").hasSize(1);
              assertThat(store.downloads.get()).as("the worker read it").isPositive();
            });
  }
}
