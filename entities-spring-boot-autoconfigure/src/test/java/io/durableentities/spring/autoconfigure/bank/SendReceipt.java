package io.durableentities.spring.autoconfigure.bank;

import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.ActivityContext;
import io.durableentities.spring.DurableActivity;

/** An activity with a dependency injected by Spring. */
@DurableActivity
public class SendReceipt implements Activity {

  private final Receipts receipts;

  /**
   * Creates the activity.
   *
   * @param receipts the injected service
   */
  public SendReceipt(Receipts receipts) {
    this.receipts = receipts;
  }

  @Override
  public Object run(ActivityContext ctx) {
    return receipts.receiptFor(ctx.input(String.class));
  }
}
