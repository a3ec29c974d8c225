package io.durableentities.samples.counters.docs;

import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.ActivityContext;
import io.durableentities.orchestration.ActivityName;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An activity (the place for I/O) that fails its first attempt, as a flaky price service would, so
 * that the retry policy of {@link Restock} is exercised.
 */
@ActivityName("Quote")
final class Quote implements Activity {

  private final AtomicInteger attempts = new AtomicInteger();

  @Override
  public Object run(ActivityContext ctx) {
    long amount = ctx.input(Long.class);
    if (attempts.incrementAndGet() == 1) {
      throw new IllegalStateException("price service unavailable");
    }
    return amount + " units at 3 cents";
  }

  int attempts() {
    return attempts.get();
  }
}
