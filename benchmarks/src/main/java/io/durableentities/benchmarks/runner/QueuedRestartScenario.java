package io.durableentities.benchmarks.runner;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario (f-queued), issue #18 item 5: a restart of the scheduler jar (its own JVM) on a data
 * directory where {@code --restart-entities} entities each have one queued signal (queued with no
 * worker connected): from the process start to listening, to a served {@code GetEntity}, and to a
 * signal to a new entity applied by a worker, against {@code SELECT count(*)} over the entities.
 */
final class QueuedRestartScenario implements Scenario {

  private static final int HEAP_MIB = 1024;
  private static final int SENDERS = 64;
  private static final long APPLY_TIMEOUT_MILLIS = 120_000;

  @Override
  public String id() {
    return "f-queued";
  }

  @Override
  public String title() {
    return "(f-queued) restart with every entity's signal still queued";
  }

  @Override
  public String setup() {
    return "The scheduler jar's main class in its own JVM (-Xmx1g, a data directory): "
        + SENDERS
        + " closed-loop senders signal add(1) once to each of --restart-entities counters with no"
        + " worker connected, then SIGTERM; then a new process on that directory, timed from its"
        + " start: listening (its banner), GetEntity of a queued counter, the first queued signal"
        + " applied by a worker connected then, a stamp signal to a new counter applied (after the"
        + " backlog); then SELECT count(*) FROM entities.";
  }

  @Override
  public String limitedBy() {
    return "JVM start-up, and what start-up reads before listening; the stored queues are read by"
        + " the writer in pages after that, between the requests it serves.";
  }

  @Override
  public boolean runByDefault() {
    return false;
  }

  @Override
  public Map<String, Double> runOnce(RunContext context) throws Exception {
    int entities = context.options().restartEntities();
    Path dir = context.newDir("queued-restart-");
    Path out = context.newDir("queued-restart-logs-");
    Map<String, Double> m = new LinkedHashMap<>();
    long fillStart = System.nanoTime();
    try (SchedulerProcess scheduler =
            SchedulerProcess.start(HEAP_MIB, dir, out.resolve("fill.log"), List.of());
        DurableClient client = DurableClient.connect(scheduler.connectionString())) {
      int perSender = (entities + SENDERS - 1) / SENDERS;
      Senders senders =
          Senders.start(
              SENDERS,
              "queue",
              (sender, n) -> {
                long i = (long) sender * perSender + n;
                if (n >= perSender || i >= entities) {
                  return false;
                }
                client.entities().signal(Counter.class, "q" + i).add(1);
                return true;
              });
      senders.join();
      m.put("fillSeconds", (System.nanoTime() - fillStart) / 1e9);
      context.log("f-queued: %,d signals queued", senders.sent());
      scheduler.stop();
    }
    EntityProbes.reset();
    long start = System.nanoTime();
    try (SchedulerProcess scheduler =
        SchedulerProcess.start(HEAP_MIB, dir, out.resolve("restart.log"), List.of())) {
      m.put("listening", (System.nanoTime() - start) / 1e6);
      try (DurableClient client = DurableClient.connect(scheduler.connectionString())) {
        if (client.entities().get(EntityInstanceId.of("counter", "q0")).isEmpty()) {
          throw new IllegalStateException("@counter@q0 has no queued signal after the restart");
        }
        m.put("firstGet", (System.nanoTime() - start) / 1e6);
        try (DurableWorker worker = ProductHarness.startWorker(scheduler.connectionString())) {
          long sent = System.nanoTime();
          client.entities().signal(Counter.class, "fresh").stamp(sent);
          long deadline = sent + APPLY_TIMEOUT_MILLIS * 1_000_000L;
          while (EntityProbes.counterOps() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          m.put(
              "firstApplied",
              EntityProbes.counterOps() > 0 ? (System.nanoTime() - start) / 1e6 : Double.NaN);
          // The new entity's signal is stored after every queued one, and memory holds at most
          // maxResidentEntities live entities, so it is applied after the backlog: allow a
          // millisecond per queued signal besides the fixed timeout, and keep the other figures
          // when even that is not enough.
          try {
            EntityProbes.awaitStamp(sent, APPLY_TIMEOUT_MILLIS + entities);
            m.put("freshApplied", (System.nanoTime() - start) / 1e6);
          } catch (IllegalStateException e) {
            m.put("freshApplied", Double.NaN);
            context.log("f-queued: %s", e.getMessage());
          }
        }
      }
      scheduler.stop();
    }
    long scanStart = System.nanoTime();
    long[] rows = SqliteProbe.countRows(ColdRestartScenario.databaseFile(dir), List.of("entities"));
    m.put("scan", (System.nanoTime() - scanStart) / 1e6);
    m.put("entityRows", (double) rows[0]);
    return m;
  }

  @Override
  public List<Figure> figures(Map<String, Stats> m, Limits limits) {
    return List.of(
        Figure.of("process start to listening", "ms", m.get("listening")).atMost(2000, "<= 2 s"),
        Figure.of("process start to GetEntity of a queued entity", "ms", m.get("firstGet")),
        Figure.of(
            "process start to the first queued signal applied (worker connected after)",
            "ms",
            m.get("firstApplied")),
        Figure.of(
            "process start to a signal to a new entity applied (queued after the backlog)",
            "ms",
            m.get("freshApplied")),
        Figure.of("SELECT count(*) FROM entities", "ms", m.get("scan")),
        Figure.of("entity rows", "", m.get("entityRows")),
        Figure.of("queueing the signals (no worker)", "s", m.get("fillSeconds")));
  }
}
