package io.durableentities.benchmarks.runner;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.OrchestrationContext;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.orchestration.Task;
import java.util.ArrayList;
import java.util.List;

/** The orchestrations and the activity the scenarios run. */
final class BenchOrchestrations {

  /** HelloCities5: five sequential activities. */
  static final String CITIES5 = "Cities5";

  /** Five sequential entity calls to counters (input: a seed choosing the counters). */
  static final String ENTITIES5 = "Entities5";

  /** A locked transfer between two accounts (input: a {@link TransferRequest}). */
  static final String TRANSFER = "Transfer";

  /** Many durable timers due now, to build a large history quickly (input: the timer count). */
  static final String TIMER_FAN_OUT = "TimerFanOut";

  static final String ECHO = "Echo";

  /** Finishes at once, returning nothing (the soak's orchestrations). */
  static final String NOOP = "Noop";

  /** Keys of the counters the {@link #ENTITIES5} orchestration calls. */
  static final int ENTITY_KEYS = 1000;

  private static final int STEPS = 5;

  private BenchOrchestrations() {}

  /** The input of a transfer. */
  record TransferRequest(String from, String to, long cents) {}

  static Orchestrations registry() {
    return Orchestrations.newBuilder()
        .orchestration(CITIES5, BenchOrchestrations::cities5)
        .orchestration(ENTITIES5, BenchOrchestrations::entities5)
        .orchestration(TRANSFER, BenchOrchestrations::transfer)
        .orchestration(TIMER_FAN_OUT, BenchOrchestrations::timerFanOut)
        .orchestration(
            NOOP,
            ctx -> {
              OrchestrationProbes.finished(ctx);
              return null;
            })
        .activity(
            ECHO,
            ctx -> {
              OrchestrationProbes.activity();
              return ctx.input(String.class);
            })
        .build();
  }

  private static Object cities5(OrchestrationContext ctx) {
    OrchestrationProbes.episode();
    String[] cities = {"Tokyo", "Seattle", "London", "Lagos", "Lima"};
    StringBuilder out = new StringBuilder();
    for (String city : cities) {
      OrchestrationProbes.issue(ctx);
      out.append(ctx.callActivity(ECHO, city, String.class).await()).append(' ');
      OrchestrationProbes.resumed(ctx);
    }
    OrchestrationProbes.finished(ctx);
    return out.toString().trim();
  }

  private static Object entities5(OrchestrationContext ctx) {
    OrchestrationProbes.episode();
    long seed = ctx.input(Long.class);
    for (int i = 0; i < STEPS; i++) {
      EntityInstanceId counter =
          EntityInstanceId.of("counter", "c" + Math.floorMod(seed * STEPS + i, ENTITY_KEYS));
      OrchestrationProbes.issue(ctx);
      ctx.entities().proxy(Counter.class, counter).add(1);
      OrchestrationProbes.resumed(ctx);
    }
    OrchestrationProbes.finished(ctx);
    return null;
  }

  private static Object transfer(OrchestrationContext ctx) {
    OrchestrationProbes.episode();
    TransferRequest request = ctx.input(TransferRequest.class);
    EntityInstanceId from = EntityInstanceId.of("account", request.from());
    EntityInstanceId to = EntityInstanceId.of("account", request.to());
    OrchestrationProbes.issue(ctx);
    boolean done;
    try (CriticalSection section = ctx.entities().lockEntities(from, to)) {
      OrchestrationProbes.resumed(ctx);
      Account source = ctx.entities().proxy(Account.class, from);
      done = source.balance() >= request.cents();
      if (done) {
        source.withdraw(request.cents());
        ctx.entities().proxy(Account.class, to).deposit(request.cents());
      }
    }
    OrchestrationProbes.finished(ctx);
    return done;
  }

  private static Object timerFanOut(OrchestrationContext ctx) {
    int timers = ctx.input(Integer.class);
    List<Task<Void>> all = new ArrayList<>(timers);
    for (int i = 0; i < timers; i++) {
      all.add(ctx.createTimer(ctx.currentUtcDateTime()));
    }
    ctx.allOf(all).await();
    OrchestrationProbes.finished(ctx);
    return timers;
  }
}
