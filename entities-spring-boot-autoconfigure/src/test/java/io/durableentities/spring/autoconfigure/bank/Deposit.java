package io.durableentities.spring.autoconfigure.bank;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.spring.DurableOrchestration;

/** An orchestration: deposits into an account (a call), then sends a receipt (an activity). */
@DurableOrchestration
@OrchestrationName("Deposit")
public class Deposit implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    String account = ctx.input(String.class);
    EntityInstanceId id = EntityInstanceId.of("account", account);
    ctx.entities().proxy(Account.class, id).deposit(100);
    return ctx.callActivity("SendReceipt", account, String.class).await();
  }
}
