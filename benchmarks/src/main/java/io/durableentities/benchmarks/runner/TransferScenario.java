package io.durableentities.benchmarks.runner;

import io.durableentities.client.EntityMetadata;
import io.durableentities.client.EntityQuery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Scenario (e): 100 concurrent locked transfers between 1,000 accounts, each an orchestration that
 * locks both accounts, checks the balance, withdraws and deposits. At the end the money is counted:
 * it must be unchanged.
 */
final class TransferScenario implements Scenario {

  private static final int ACCOUNTS = 1000;
  private static final long OPENING_CENTS = 1_000_000;

  @Override
  public String id() {
    return "e";
  }

  @Override
  public String title() {
    return "(e) locked transfers between 1,000 accounts";
  }

  @Override
  public String setup() {
    return "1,000 accounts opened by signals; 100 (--transfers) `Transfer` orchestrations in flight (a new one"
        + " starts when one finishes), each between two random accounts: lockEntities(from, to),"
        + " balance(), withdraw(1), deposit(1) through typed proxies. Lock wait: from the"
        + " orchestrator work item that asked for the locks to the one that holds them.";
  }

  @Override
  public String limitedBy() {
    return "The lock protocol: the lock request travels the sorted lock set entity by entity (one"
        + " entity work item and commit each) before the grant returns, then three entity calls;"
        + " contention is low (100 of 1,000 accounts), so the round trips, not waiting for"
        + " holders, make the lock wait.";
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    RunnerOptions o = context.options();
    EntityProbes.reset();
    try (ProductHarness product = ProductHarness.start(context.newDir("transfers-"))) {
      for (int i = 0; i < ACCOUNTS; i++) {
        product.client().entities().signal(Account.class, "a" + i).deposit(OPENING_CENTS);
      }
      SteadyState.drain(
          EntityProbes::accountDeposits, ACCOUNTS, Duration.ofMinutes(2), "opening deposits");
      OrchestrationLoad.Result run =
          OrchestrationLoad.measure(
              product.orchestrations(),
              BenchOrchestrations.TRANSFER,
              o.transfers(),
              n -> randomTransfer(),
              o,
              OrchestrationProbes::finishedCount);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("transfers", run.window().rate(0));
      m.put("lockWait.p50", OrchestrationProbes.steps().percentileMillis(50));
      m.put("lockWait.p99", OrchestrationProbes.steps().percentileMillis(99));
      m.put("inFlight", (double) run.inFlightAtEnd());
      m.put("drain", run.drainSeconds());
      m.put("total", (double) OrchestrationProbes.finishedCount());
      m.put("concurrency", (double) o.transfers());
      m.put("moneyChanged", (double) Math.abs(totalCents(product) - ACCOUNTS * OPENING_CENTS));
      return m;
    }
  }

  private static BenchOrchestrations.TransferRequest randomTransfer() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int from = random.nextInt(ACCOUNTS);
    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
    return new BenchOrchestrations.TransferRequest("a" + from, "a" + to, 1);
  }

  private static long totalCents(ProductHarness product) {
    EntityQuery accounts =
        EntityQuery.newBuilder().instanceIdStartsWith("account@").pageSize(500).build();
    try (Stream<EntityMetadata<Long>> all =
        product.client().entities().query(accounts, Long.class)) {
      return all.mapToLong(a -> a.state() == null ? 0 : a.state()).sum();
    }
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    return List.of(
        Figure.of("transfers/s", "/s", m.get("transfers"))
            .ratio(limits.median(Limits.SQLITE_BATCH), "100-row FULL commits/s"),
        Figure.of("lock wait p50", "ms", m.get("lockWait.p50"))
            .ratio(limits.median(Limits.BIDI_P50), "bidi ping-pong p50"),
        Figure.of("lock wait p99", "ms", m.get("lockWait.p99")),
        Figure.of("in flight at the end of the window", "", m.get("inFlight")),
        Figure.of("time to finish those after the starts stopped", "s", m.get("drain")),
        Figure.of("transfers in flight (load)", "", m.get("concurrency")),
        Figure.of("transfers completed in total", "", m.get("total")),
        Figure.of("money created or lost (must be 0)", "", m.get("moneyChanged")).atMost(0, "0"));
  }
}
