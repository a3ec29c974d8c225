package io.durableentities.samples.accounts;

import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import io.durableentities.core.EntityInstanceId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Accounts on a Durable Task scheduler, reached through an {@link EntityClient}. */
public final class SchedulerBank {

  private static final EntityQuery ALL_ACCOUNTS =
      EntityQuery.newBuilder().instanceIdStartsWith("account@").pageSize(500).build();

  private final EntityClient entities;

  /**
   * Creates the bank.
   *
   * @param entities the client's entity operations
   */
  public SchedulerBank(EntityClient entities) {
    this.entities = entities;
  }

  /**
   * The id of account {@code index}.
   *
   * @param index the account index
   * @return {@code @account@acct-<index>}
   */
  public static EntityInstanceId account(int index) {
    return EntityInstanceId.of(Account.class, key(index));
  }

  private static String key(int index) {
    return "acct-" + index;
  }

  /**
   * Opens the accounts that do not exist yet with a deposit signal each, and waits until every
   * account exists and has no queued work. Existing accounts keep their balances.
   *
   * @param count how many accounts there should be
   * @param initialCents the opening deposit of a new account
   * @param timeout how long to wait
   * @return how many accounts were opened now
   */
  public int open(int count, long initialCents, Duration timeout) {
    Set<String> existing;
    try (Stream<EntityMetadata<Long>> all = entities.query(ALL_ACCOUNTS, Long.class)) {
      existing = all.map(e -> e.id().key()).collect(Collectors.toCollection(HashSet::new));
    }
    int opened = 0;
    for (int i = 0; i < count; i++) {
      if (!existing.contains(key(i))) {
        entities.signal(Account.class, account(i)).deposit(Math.max(initialCents, 1));
        opened++;
      }
    }
    awaitCondition(
        "all " + count + " accounts to be open",
        timeout,
        () -> {
          Audit audit = audit();
          return audit.accounts() >= count && audit.backlog() == 0;
        });
    return opened;
  }

  /**
   * Sends a transfer order as a signal to the source account.
   *
   * @param from the source account index
   * @param to the target account index
   * @param cents the amount
   */
  public void order(int from, int to, long cents) {
    entities.signal(Account.class, account(from)).transfer(new TransferOrder(key(to), cents));
  }

  /**
   * Sums all balances with an entity query.
   *
   * @return the audit
   */
  public Audit audit() {
    List<EntityMetadata<Long>> all;
    try (Stream<EntityMetadata<Long>> stream = entities.query(ALL_ACCOUNTS, Long.class)) {
      all = stream.toList();
    }
    long total = 0;
    long backlog = 0;
    for (EntityMetadata<Long> account : all) {
      total += account.state() == null ? 0 : account.state();
      backlog += account.backlogQueueSize();
    }
    return new Audit(all.size(), total, backlog);
  }

  /**
   * Reads the ledger's counts.
   *
   * @return the counts, empty when no transfer was handled yet
   */
  public LedgerState ledger() {
    return entities
        .get(LedgerEntity.ID, LedgerState.class)
        .map(EntityMetadata::state)
        .orElse(LedgerState.EMPTY);
  }

  /**
   * Waits until a condition holds, polling every 20 ms.
   *
   * @param what what is awaited, for the error
   * @param timeout how long to wait
   * @param condition the condition
   * @throws IllegalStateException when the time runs out
   */
  static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
