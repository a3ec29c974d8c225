package io.durableentities.samples.counters;

import io.durableentities.client.ConnectionString;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityClient;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The counters sample: a tour of every way to reach an entity, on a Durable Task scheduler.
 *
 * <ol>
 *   <li>signals a counter through its typed interface, then reads it through a client call;
 *   <li>schedules a signal {@value #SCHEDULED_DELAY_SECONDS} seconds ahead and waits until it is
 *       applied;
 *   <li>runs the {@link CountUp} orchestration, which calls the counter;
 *   <li>feeds an aggregator with readings signalled by {@value #SENDERS} concurrent senders;
 *   <li>drives an order through its state machine, including a transition that is rejected.
 * </ol>
 *
 * <p>The embedded scheduler runs in-process and keeps its data in {@code --data-dir}, unless a
 * connection string is given. Every run uses new entity keys, so runs never disturb each other.
 */
public final class CountersApp {

  /** How far ahead the scheduled signal is sent. */
  public static final int SCHEDULED_DELAY_SECONDS = 2;

  /** How many threads signal the aggregator at once. */
  public static final int SENDERS = 8;

  /** How many readings each sender signals. */
  public static final int READINGS_PER_SENDER = 25;

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private CountersApp() {}

  /**
   * Runs the sample and exits with its status: 0 when the tour ran, 1 when a step failed, 2 for an
   * invalid command line.
   *
   * @param args the command line; {@code --help} lists the options
   */
  public static void main(String[] args) {
    System.exit(
        CountersCommand.commandLine(
                System.getenv(),
                options -> {
                  run(options, System.out);
                  return 0;
                })
            .execute(args));
  }

  /**
   * Runs the tour on the embedded scheduler (in-process, data in {@code options.dataDir()}) or,
   * when a connection string is given, on that scheduler.
   *
   * @param options where to run
   * @param out where each step is reported
   * @return what the run saw
   */
  public static CountersReport run(CountersOptions options, PrintStream out) throws Exception {
    if (options.connection() != null) {
      ConnectionString parsed = ConnectionString.parse(options.connection());
      out.println("scheduler        " + parsed.endpoint() + ", task hub " + parsed.taskHub());
      return run(options.connection(), out);
    }
    SchedulerOptions embedded = SchedulerOptions.newBuilder().dataDir(options.dataDir()).build();
    try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(embedded)) {
      out.println(
          "scheduler        embedded, data in " + options.dataDir().toAbsolutePath().normalize());
      return run(scheduler.connectionString(), out);
    }
  }

  private static CountersReport run(String connection, PrintStream out) throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36);
    // docs:start host
    Orchestrations orchestrations = Orchestrations.of(new CountUp());
    try (DurableWorker worker =
            DurableWorker.newBuilder(connection)
                .entity(CounterEntity.class)
                .entity(AggregatorEntity.class)
                .entity(OrderEntity.class)
                .extension(OrchestrationWorker.of(orchestrations))
                .start();
        DurableClient client = DurableClient.connect(connection)) {
      OrchestrationClient orchestrationClient = OrchestrationClient.of(client);
      // docs:end host
      EntityInstanceId counterId = EntityInstanceId.of(Counter.class, "tour-" + run);
      long afterSignals = signalThenCall(client, counterId);
      out.println("signals          " + counterId + " reads " + afterSignals);

      Instant sent = Instant.now();
      // docs:start scheduled-signal
      client
          .entities()
          .signalAfter(Counter.class, counterId, Duration.ofSeconds(SCHEDULED_DELAY_SECONDS))
          .add(10);
      // docs:end scheduled-signal
      Conditions.await(
          "the scheduled signal to " + counterId,
          TIMEOUT,
          () -> value(client.entities(), counterId) == afterSignals + 10);
      Duration latency = Duration.between(sent, Instant.now());
      out.printf(
          "scheduled signal %s reads %d, applied %d ms after it was sent%n",
          counterId, afterSignals + 10, latency.toMillis());

      long afterOrchestration = countUp(orchestrationClient, counterId);
      out.println(
          "orchestration    CountUp added 1, 2, 3: " + counterId + " reads " + afterOrchestration);

      EntityInstanceId aggregatorId = EntityInstanceId.of(Aggregator.class, "tour-" + run);
      Summary aggregate = aggregate(client, aggregatorId);
      out.printf(
          "aggregator       %s: %d readings from %d senders, sum %d, min %d, max %d%n",
          aggregatorId,
          aggregate.count(),
          SENDERS,
          aggregate.sum(),
          aggregate.min(),
          aggregate.max());

      EntityInstanceId orderId = EntityInstanceId.of(Order.class, "tour-" + run);
      Order signals = client.entities().signal(Order.class, orderId);
      Order calls = client.entities().call(Order.class, orderId);
      signals.create(2_500);
      String rejected = shipTooEarly(client, orderId);
      OrderStatus afterRejection = calls.status();
      out.println("order            ship before pay failed: " + rejected);
      out.println("                 " + orderId + " is still " + afterRejection);
      signals.pay(2_500);
      signals.ship();
      OrderStatus shipped = calls.status();
      out.println("                 paid and shipped: " + orderId + " is " + shipped);
      return new CountersReport(
          afterSignals,
          afterSignals + 10,
          latency,
          afterOrchestration,
          aggregate,
          rejected,
          afterRejection,
          shipped);
    }
  }

  private static long signalThenCall(DurableClient client, EntityInstanceId counterId) {
    // docs:start signal-then-call
    Counter signals = client.entities().signal(Counter.class, counterId);
    signals.add(5); // one-way, durable when it returns
    signals.add(2);
    Counter calls = client.entities().call(Counter.class, counterId);
    long value = calls.get(); // a call: queued behind the two signals, so it reads 7
    // docs:end signal-then-call
    return value;
  }

  private static long countUp(OrchestrationClient orchestrationClient, EntityInstanceId counterId)
      throws Exception {
    // docs:start start-orchestration
    String instanceId =
        orchestrationClient.scheduleNew(
            CountUp.class, new CountUpRequest(counterId.key(), List.of(1L, 2L, 3L)));
    OrchestrationMetadata done = orchestrationClient.waitForCompletion(instanceId, TIMEOUT);
    if (done.status() != OrchestrationRuntimeStatus.COMPLETED) {
      throw new IllegalStateException("CountUp " + instanceId + " ended " + done.status());
    }
    long value = done.readOutputAs(Long.class);
    // docs:end start-orchestration
    return value;
  }

  private static Summary aggregate(DurableClient client, EntityInstanceId aggregatorId)
      throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        long first = s * 100L;
        sending.add(
            senders.submit(
                () -> {
                  Aggregator aggregator = client.entities().signal(Aggregator.class, aggregatorId);
                  for (int i = 0; i < READINGS_PER_SENDER; i++) {
                    aggregator.report(first + i);
                  }
                }));
      }
      for (Future<?> sender : sending) {
        sender.get();
      }
    } finally {
      senders.shutdownNow();
    }
    long expected = (long) SENDERS * READINGS_PER_SENDER;
    Conditions.await(
        expected + " readings at " + aggregatorId,
        TIMEOUT,
        () ->
            client
                .entities()
                .get(aggregatorId, Summary.class)
                .map(m -> m.state() != null && m.state().count() >= expected)
                .orElse(false));
    return client.entities().call(Aggregator.class, aggregatorId).summary();
  }

  private static String shipTooEarly(DurableClient client, EntityInstanceId id) {
    // docs:start rejected-transition
    try {
      client.entities().call(Order.class, id).ship(); // a call, though void: waits for the outcome
      throw new IllegalStateException("shipping an unpaid order " + id + " succeeded");
    } catch (EntityOperationFailedException e) {
      // the operation failed and was rolled back: the order is still CREATED
      return e.failureDetails().summary();
    }
    // docs:end rejected-transition
  }

  private static long value(EntityClient entities, EntityInstanceId id) {
    return entities.get(id, Long.class).map(EntityMetadata::state).orElse(0L);
  }
}
