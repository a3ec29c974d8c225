package io.durableentities.samples.counters.docs;

import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.OrchestrationName;
import io.durableentities.orchestration.OrchestrationVersioning;

/**
 * The orchestrations page's versioning example: version 2.0 of a checkout adds a step, and
 * instances started before 2.0 keep the old path, so their histories still replay.
 */
@OrchestrationName("VersionedCheckout")
public final class VersionedCheckout implements Orchestration {

  @Override
  public Object run(OrchestrationContext ctx) {
    // docs:start version-branch
    String order = ctx.input(String.class);
    if (OrchestrationVersioning.compare(ctx.version(), "2.0") >= 0) {
      return "checked out " + order + " with a receipt (version " + ctx.version() + ")";
    }
    return "checked out " + order; // instances older than 2.0 replay the old path
    // docs:end version-branch
  }
}
