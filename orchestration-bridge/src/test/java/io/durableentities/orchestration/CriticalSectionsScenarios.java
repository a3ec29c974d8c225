package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import io.durableentities.core.EntityInstanceId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Critical sections under load and on termination: concurrent locked transfers in both directions
 * between a few accounts conserve the money and all finish, and a terminated lock holder leaves no
 * entity locked. Run by {@link CriticalSectionsEndToEndTest} and {@link
 * CriticalSectionsOnDtsEmulatorTest}.
 */
abstract class CriticalSectionsScenarios extends EndToEndFixture {

  CriticalSectionsScenarios(SchedulerBackend backend) {
    super(backend);
  }

  @Override
  void entities(DurableWorker.Builder worker) {
    worker.entity(AccountEntity.class);
  }

  @Override
  void orchestrations(Orchestrations.Builder registry) {
    registry
        .orchestration("Transfer", new Transfer())
        .orchestration(
            "HoldLocks",
            ctx -> {
              ctx.setCustomStatus("requesting"); // saved with the lock request, in one episode
              try (CriticalSection lock = ctx.entities().lockEntities(accounts(ctx))) {
                ctx.setCustomStatus("locked");
                return ctx.waitForExternalEvent("release", String.class).await();
              }
            })
        .orchestration(
            "LockAndReturn",
            ctx -> {
              ctx.entities()
                  .lockEntities(accounts(ctx)); // never closed: the end of the run unlocks
              return ctx.entities().lockedEntities().size();
            });
  }

  private static List<EntityInstanceId> accounts(OrchestrationContext ctx) {
    return Stream.of(ctx.input(String[].class)).map(CriticalSectionsScenarios::account).toList();
  }

  private static EntityInstanceId account(String key) {
    return EntityInstanceId.of("account", key);
  }

  private void deposit(String key, long cents) {
    durable.entities().call(account(key), "deposit", cents, Void.class, WAIT);
  }

  private EntityMetadata<Long> accountMetadata(String key) {
    return durable.entities().get(account(key), Long.class).orElseThrow();
  }

  @Test
  void fiftyConcurrentTransfersInBothDirections_conserveTheTotalAndAllFinish() throws Exception {
    int accounts = 5;
    List<String> keys = IntStream.range(0, accounts).mapToObj(i -> "ring-" + i).toList();
    long[] expected = new long[accounts];
    for (int i = 0; i < accounts; i++) {
      deposit(keys.get(i), 1_000);
      expected[i] = 1_000;
    }
    List<String> instances = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // every ordered pair of distinct accounts, so each pair is locked in both directions
      int from = i % accounts;
      int to = (from + 1 + (i / accounts) % (accounts - 1)) % accounts;
      long amount = 10 + i;
      expected[from] -= amount;
      expected[to] += amount;
      instances.add(
          client.scheduleNew(
              "Transfer", new Transfer.Request(keys.get(from), keys.get(to), amount)));
    }

    for (String instance : instances) {
      completed(instance);
    }

    long total = 0;
    for (int i = 0; i < accounts; i++) {
      EntityMetadata<Long> metadata = accountMetadata(keys.get(i));
      assertThat(metadata.state()).as("balance of %s", keys.get(i)).isEqualTo(expected[i]);
      assertThat(metadata.lockedBy()).as("lock on %s", keys.get(i)).isNull();
      total += metadata.state();
    }
    assertThat(total).isEqualTo(accounts * 1_000L);
  }

  @Test
  void terminatedLockHolder_leavesNoEntityLocked() throws Exception {
    deposit("held-a", 100);
    deposit("held-b", 100);
    String holder = client.scheduleNew("HoldLocks", new String[] {"held-a", "held-b"}, "holder-1");
    customStatusUntil(holder, String.class, "locked"::equals);
    assertThat(accountMetadata("held-a").lockedBy()).isEqualTo(holder);
    assertThat(accountMetadata("held-b").lockedBy()).isEqualTo(holder);

    client.terminate(holder, "operator stopped it");

    assertThat(finished(holder).status()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    EntityQuery held = EntityQuery.newBuilder().instanceIdStartsWith("account@held-").build();
    List<EntityMetadata<Long>> released =
        EVENTUALLY
            .alias("both accounts are unlocked")
            .until(
                () -> durable.entities().query(held, Long.class).toList(),
                found -> found.size() == 2 && found.stream().noneMatch(EntityMetadata::isLocked));
    assertThat(released).extracting(EntityMetadata::state).containsExactly(100L, 100L);
    String transfer = client.scheduleNew("Transfer", new Transfer.Request("held-a", "held-b", 40));
    assertThat(completed(transfer).readOutputAs(Transfer.Balances.class))
        .as("a later transfer locks both accounts again and is served")
        .isEqualTo(new Transfer.Balances(60, 140));
    assertThat(durable.entities().call(account("held-a"), "balance", null, Long.class, WAIT))
        .isEqualTo(60L);
  }

  @Test
  void terminatedLockWaiter_neverKeepsTheLockItWasWaitingFor() throws Exception {
    deposit("wait-a", 100);
    String holder = client.scheduleNew("HoldLocks", new String[] {"wait-a"}, "holder-2");
    customStatusUntil(holder, String.class, "locked"::equals);
    String waiter = client.scheduleNew("HoldLocks", new String[] {"wait-a"}, "waiter-2");
    customStatusUntil(waiter, String.class, "requesting"::equals);

    client.terminate(waiter, "gave up waiting");
    assertThat(finished(waiter).status()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    client.raiseEvent(holder, "release", "done");
    assertThat(completed(holder).readOutputAs(String.class)).isEqualTo("done");

    EVENTUALLY
        .alias("wait-a is unlocked once the holder is done and the waiter is gone")
        .until(() -> accountMetadata("wait-a"), metadata -> !metadata.isLocked());
    assertThat(durable.entities().call(account("wait-a"), "balance", null, Long.class, WAIT))
        .as("a later operation is served")
        .isEqualTo(100L);
  }

  @Test
  void lockNeverClosed_isReleasedWhenTheOrchestrationReturns() throws Exception {
    deposit("open-a", 10);
    String id = client.scheduleNew("LockAndReturn", new String[] {"open-a", "open-b"});

    assertThat(completed(id).readOutputAs(Integer.class)).isEqualTo(2);
    EVENTUALLY
        .alias("open-a is unlocked after the orchestration returned")
        .until(() -> accountMetadata("open-a"), metadata -> !metadata.isLocked());
    String transfer = client.scheduleNew("Transfer", new Transfer.Request("open-a", "open-b", 4));
    assertThat(completed(transfer).readOutputAs(Transfer.Balances.class))
        .isEqualTo(new Transfer.Balances(6, 4));
  }
}
