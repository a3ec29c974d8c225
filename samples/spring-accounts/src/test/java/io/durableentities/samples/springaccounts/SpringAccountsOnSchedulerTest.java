package io.durableentities.samples.springaccounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.ConnectionString;
import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application started against a scheduler that runs on its own (here in the test's process, on
 * a free port), reached by {@code durable.connection-string}: no embedded scheduler starts, and
 * transfers run on that scheduler.
 */
@SpringBootTest
class SpringAccountsOnSchedulerTest {

  private static final EmbeddedScheduler SCHEDULER =
      EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());

  // docs:start connection-string-property
  @DynamicPropertySource
  static void scheduler(DynamicPropertyRegistry registry) {
    registry.add("durable.connection-string", SCHEDULER::connectionString);
  }

  // docs:end connection-string-property

  @AfterAll
  static void stopScheduler() {
    SCHEDULER.close();
  }

  @Autowired ApplicationContext context;
  @Autowired EntityClient entities;
  @Autowired OrchestrationClient orchestrations;

  @Test
  void startsWithoutAnEmbeddedScheduler_andTransfersOnTheConfiguredOne() throws Exception {
    assertThat(context.getBeansOfType(EmbeddedScheduler.class)).isEmpty();
    assertThat(context.getBean(ConnectionString.class).endpoint().getPort())
        .isEqualTo(SCHEDULER.port());

    entities.signal(Account.class, "frank").deposit(500);
    String id = orchestrations.scheduleNew("Transfer", new TransferRequest("frank", "grace", 200));

    assertThat(
            orchestrations
                .waitForCompletion(id, Duration.ofSeconds(60))
                .readOutputAs(TransferOutcome.class))
        .isEqualTo(TransferOutcome.DONE);
    await().atMost(Duration.ofSeconds(30)).until(() -> balance("grace") == 200);
    try (var direct =
        io.durableentities.client.DurableClient.connect(SCHEDULER.connectionString())) {
      assertThat(
              direct
                  .entities()
                  .get(EntityInstanceId.of("account", "frank"), Long.class)
                  .map(EntityMetadata::state))
          .contains(300L);
    }
  }

  private long balance(String key) {
    return entities
        .get(EntityInstanceId.of("account", key), Long.class)
        .map(EntityMetadata::state)
        .orElse(-1L);
  }
}
