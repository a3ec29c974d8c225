package io.durableentities.dashboard;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;

/**
 * Locks one account of the accounts sample and holds the lock until the event {@code release}
 * arrives, so that the dashboard has a lock to show for as long as a test needs.
 */
@OrchestrationName("HoldLock")
final class HoldLock implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    String account = ctx.input(String.class);
    try (CriticalSection section =
        ctx.entities().lockEntities(EntityInstanceId.of("account", account))) {
      ctx.setCustomStatus("holding account " + account);
      return ctx.waitForExternalEvent("release", String.class).await();
    }
  }
}
