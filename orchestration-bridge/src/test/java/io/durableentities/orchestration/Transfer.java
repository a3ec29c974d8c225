package io.durableentities.orchestration;

import io.durableentities.core.EntityInstanceId;

/**
 * Moves money between two accounts inside a critical section and returns both balances; registered
 * as {@code Transfer}.
 */
final class Transfer implements Orchestration {

  /** A transfer between two account keys. */
  record Request(String from, String to, long amount) {}

  /** The balances right after a transfer. */
  record Balances(long from, long to) {}

  @Override
  public Object run(OrchestrationContext ctx) {
    Request t = ctx.input(Request.class);
    EntityInstanceId from = EntityInstanceId.of("account", t.from());
    EntityInstanceId to = EntityInstanceId.of("account", t.to());
    try (CriticalSection lock = ctx.entities().lockEntities(from, to)) {
      Account source = ctx.entities().proxy(Account.class, from);
      Account target = ctx.entities().proxy(Account.class, to);
      source.withdraw(t.amount());
      target.deposit(t.amount());
      return new Balances(source.balance(), target.balance());
    }
  }
}
