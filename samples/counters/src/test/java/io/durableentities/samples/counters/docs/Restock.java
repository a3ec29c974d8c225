package io.durableentities.samples.counters.docs;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.orchestration.RetryPolicy;
import io.durableentities.orchestration.Task;
import io.durableentities.orchestration.TaskOptions;
import io.durableentities.samples.counters.CountUpRequest;
import java.time.Duration;
import java.util.List;

/**
 * The orchestrations page's example: an activity with retries, an external event raced against a
 * durable timer, and a sub-orchestration. Output: what happened, as text.
 */
@OrchestrationName("Restock")
public final class Restock implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    RestockRequest request = ctx.input(RestockRequest.class);
    // docs:start activity-retry
    RetryPolicy retry =
        RetryPolicy.newBuilder()
            .maxAttempts(3) // the first attempt counts
            .firstInterval(Duration.ofMillis(200))
            .backoffCoefficient(2.0)
            .build();
    String quote =
        ctx.callActivity(
                "Quote", request.amount(), String.class, TaskOptions.withRetryPolicy(retry))
            .await(); // TaskFailedException if the last attempt fails
    // docs:end activity-retry

    // docs:start event-or-timer
    Task<Boolean> approval = ctx.waitForExternalEvent("approved", Boolean.class);
    Task<Void> deadline = ctx.createTimer(request.approvalTimeout()); // durable: survives restarts
    if (ctx.anyOf(List.of(approval, deadline)).await() == deadline || !approval.await()) {
      return "not approved: " + quote;
    }
    // docs:end event-or-timer

    // docs:start sub-orchestration
    long stock =
        ctx.callSubOrchestration(
                "CountUp",
                new CountUpRequest(request.counterKey(), List.of(request.amount())),
                Long.class)
            .await();
    // docs:end sub-orchestration
    return "restocked: " + quote + ", stock " + stock;
  }

  /**
   * The input.
   *
   * @param counterKey the counter that holds the stock
   * @param amount how much to add
   * @param approvalTimeout how long to wait for the "approved" event
   */
  public record RestockRequest(String counterKey, long amount, Duration approvalTimeout) {}
}
