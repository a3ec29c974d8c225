package io.durableentities.samples.counters.docs;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.samples.counters.Counter;
import java.time.Duration;

/**
 * The orchestrations page's continue-as-new example: an eternal-style loop that adds 1 to a counter
 * every 100 ms, restarting with a fresh history each round, and stops after round 3.
 */
@OrchestrationName("Ticker")
public final class Ticker implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    // docs:start continue-as-new
    int round = ctx.input(Integer.class);
    ctx.createTimer(Duration.ofMillis(100)).await();
    ctx.entities().signal(EntityInstanceId.of(Counter.class, "ticks"), "add", 1L);
    if (round < 3) {
      ctx.continueAsNew(round + 1); // does not return: the history starts over
    }
    return round;
    // docs:end continue-as-new
  }
}
