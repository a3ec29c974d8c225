package io.durableentities.samples.counters;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;

/**
 * An orchestration that calls a counter: adds each amount with a call that waits for the entity to
 * confirm it, then reads the counter. Its output is the value read.
 */
@OrchestrationName("CountUp")
public final class CountUp implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    // docs:start count-up
    CountUpRequest request = ctx.input(CountUpRequest.class);
    Counter counter =
        ctx.entities()
            .proxy(Counter.class, EntityInstanceId.of(Counter.class, request.counterKey()));
    for (long amount : request.amounts()) {
      counter.add(amount); // a call: returns when the counter has added it, throws if it failed
    }
    return counter.get();
    // docs:end count-up
  }
}
