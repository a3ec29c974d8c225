package io.durableentities.samples.accounts;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;

/**
 * A transfer as a durable orchestration that locks both accounts: nothing else can touch either
 * account between the balance check, the withdrawal and the deposit.
 *
 * <p>Output: {@link TransferOutcome#DONE}, or {@link TransferOutcome#REJECTED} when the source has
 * too little money (then no balance changed).
 */
// docs:start transfer
@OrchestrationName("Transfer")
public final class Transfer implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    TransferRequest request = ctx.input(TransferRequest.class);
    EntityInstanceId from = EntityInstanceId.of(Account.class, request.fromAccount());
    EntityInstanceId to = EntityInstanceId.of(Account.class, request.toAccount());
    try (CriticalSection section = ctx.entities().lockEntities(from, to)) {
      Account source = ctx.entities().proxy(Account.class, from);
      if (source.balance() < request.cents()) {
        return TransferOutcome.REJECTED;
      }
      source.withdraw(request.cents());
      ctx.entities().proxy(Account.class, to).deposit(request.cents());
      return TransferOutcome.DONE;
    }
  }
}
// docs:end transfer
