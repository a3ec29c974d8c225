package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Critical sections survive the faults that end a lock holder abruptly: the holder's worker killed
 * with SIGKILL while it holds the lock and a work item, and the holder terminated. Drives the
 * official JS SDK ({@code lock-faults.mjs}) against the scheduler jar and checks the entities with
 * our own client.
 */
class LockFaultsIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);

  private final String holder = "holder-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void requireNode() throws InterruptedException {
    NodeScript.requirePrerequisites();
  }

  @Test
  void workerKilledWhileHoldingLocks_holderFinishesOnANewWorkerAndUnlocks() throws Exception {
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      try (NodeScript holding = script("hold", scheduler)) {
        holding.awaitLine(Pattern.compile("STALLED " + Pattern.quote(holder)), DEADLINE);
        assertThat(accounts(client, "a", "b"))
            .as("both accounts are locked by the holder while its activity is in flight")
            .extracting(EntityMetadata::lockedBy)
            .containsExactly(holder, holder);

        holding.kill();
      }

      try (NodeScript recovering = script("recover", scheduler)) {
        assertThat(recovering.awaitSuccess(DEADLINE, scheduler))
            .contains("holder=7", "unlocked", "usable=[9,4]", "orphanedLocksReleased=0");
      }
      assertUnlockedWithBalances(client, List.of("a", "b"), 9, 4);
    }
  }

  @Test
  void terminatedLockHolder_releasesItsLocks() throws Exception {
    try (SchedulerProcess scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
        DurableClient client = DurableClient.connect(scheduler.connectionString());
        NodeScript terminating = script("terminate", scheduler)) {
      assertThat(terminating.awaitSuccess(DEADLINE, scheduler))
          .contains("terminated=\"stopped\"", "unlocked", "usable=[4,6]");
      assertUnlockedWithBalances(client, List.of("c", "d"), 4, 6);
    }
  }

  private NodeScript script(String mode, SchedulerProcess scheduler) throws Exception {
    return NodeScript.start(
        "lock-faults.mjs", scheduler, Map.of("FAULT_MODE", mode, "HOLDER_ID", holder));
  }

  /** The holder's accounts with the given suffixes, in that order, from the entity query. */
  private List<EntityMetadata<Long>> accounts(DurableClient client, String... suffixes) {
    EntityQuery query =
        EntityQuery.newBuilder()
            .instanceIdStartsWith("account@" + holder + "-")
            .includeTransient(true)
            .build();
    try (var found = client.entities().query(query, Long.class)) {
      Map<String, EntityMetadata<Long>> byKey =
          found.collect(Collectors.toMap(e -> e.id().key(), e -> e, (x, y) -> x));
      List<EntityMetadata<Long>> accounts = new ArrayList<>();
      for (String suffix : suffixes) {
        EntityMetadata<Long> account = byKey.get(holder + "-" + suffix);
        if (account == null) {
          throw new AssertionError(
              "the entity query did not return account@"
                  + holder
                  + "-"
                  + suffix
                  + " among "
                  + byKey.keySet());
        }
        accounts.add(account);
      }
      return accounts;
    }
  }

  private void assertUnlockedWithBalances(
      DurableClient client, List<String> suffixes, long first, long second) {
    List<EntityMetadata<Long>> accounts = accounts(client, suffixes.toArray(String[]::new));

    assertThat(accounts).extracting(EntityMetadata::isLocked).containsOnly(false);
    assertThat(accounts).extracting(EntityMetadata::state).containsExactly(first, second);
  }
}
