package io.durableentities.samples.springaccounts;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.spring.DurableOrchestration;

/**
 * A transfer that locks both accounts: nothing else touches either account between the balance
 * check, the withdrawal and the deposit.
 */
// docs:start transfer
@DurableOrchestration
@OrchestrationName("Transfer")
public class Transfer implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    TransferRequest request = ctx.input(TransferRequest.class);
    EntityInstanceId from = EntityInstanceId.of(Account.class, request.from());
    EntityInstanceId to = EntityInstanceId.of(Account.class, request.to());
    try (CriticalSection locked = ctx.entities().lockEntities(from, to)) {
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
