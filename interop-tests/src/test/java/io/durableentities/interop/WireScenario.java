package io.durableentities.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.CleanEntityStorageResult;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityQuery;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Optional;

/**
 * The wire-evidence scenario run by our client and worker, step for step what {@code
 * js/wire-scenario.mjs} does with the JS SDK: signal two accounts, get one, query them, clean
 * entity storage, run a transfer that locks both accounts and calls them, start a waiter, raise an
 * event to it, terminate it, purge both instances. The client's calls run inside an application
 * span, as the JS script's do, and then once more outside any span (see {@link #run}).
 */
final class WireScenario {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  /**
   * Calls the Hello activity, waits for "approve", then for an event that never comes, until it is
   * terminated.
   */
  private static final Orchestration WAITER =
      ctx -> {
        ctx.callActivity("Hello", "wire", String.class).await();
        String first = ctx.waitForExternalEvent("approve", String.class).await();
        ctx.waitForExternalEvent("never", String.class).await();
        return first;
      };

  private WireScenario() {}

  /**
   * Runs the scenario with a worker and a client on {@code connection}.
   *
   * @param connection the builders' connection settings (endpoint, credential, certificate)
   * @param otel where the application span and the SDK's spans go
   * @param run the prefix of this run's entity keys and instance ids
   */
  static void run(Connection connection, OpenTelemetry otel, String run) {
    try (DurableWorker worker = worker(connection, otel);
        DurableClient durable = connection.client().openTelemetry(otel).build();
        DurableClient untraced = connection.client().openTelemetry(OpenTelemetry.noop()).build()) {
      Span span = otel.getTracer("wire-scenario").spanBuilder("wire-scenario").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        steps(durable, run);
      } finally {
        span.end();
      }
      // Once more without a trace (a client with no OpenTelemetry starts no trace of its own): our
      // scheduler sends our worker an entity batch whose operations carry a trace context in the
      // V1 form (the only one with a field for it), and every other batch in the V2 form, which is
      // all DTS sends; the V2 completion's operationInfos (where each result goes) is what DTS
      // relies on, so the recording must hold that path too.
      steps(untraced, run + "-untraced");
    }
  }

  private static DurableWorker worker(Connection connection, OpenTelemetry otel) {
    return connection
        .worker()
        .openTelemetry(otel)
        .entity(TransferWorker.AccountEntity.class)
        .extension(
            OrchestrationWorker.of(
                Orchestrations.newBuilder()
                    .orchestration("Transfer", TransferWorker.TRANSFER)
                    .orchestration("Waiter", WAITER)
                    .activity("Hello", ctx -> "hello " + ctx.input(String.class))
                    .build()))
        .shutdownTimeout(Duration.ofSeconds(2))
        .start();
  }

  private static void steps(DurableClient durable, String run) {
    EntityInstanceId from = EntityInstanceId.of("account", run + "-from");
    EntityInstanceId to = EntityInstanceId.of("account", run + "-to");
    durable.entities().signal(from, "deposit", 100L);
    durable.entities().signal(to, "deposit", 1L);
    await()
        .atMost(DEADLINE)
        .until(
            () -> durable.entities().get(from, Long.class).map(m -> m.state()),
            s -> s.equals(Optional.of(100L)));

    assertThat(
            durable
                .entities()
                .query(
                    EntityQuery.newBuilder().instanceIdStartsWith("account@" + run + "-").build())
                .count())
        .isEqualTo(2);
    CleanEntityStorageResult cleaned = durable.entities().cleanStorage(true, true);
    assertThat(cleaned.emptyEntitiesRemoved()).isZero();

    OrchestrationClient client = OrchestrationClient.of(durable);
    String transfer =
        client.scheduleNew(
            "Transfer",
            new TransferWorker.Request(run + "-from", run + "-to", 30),
            run + "-transfer");
    assertThat(waitForEnd(client, transfer)).isEqualTo(OrchestrationRuntimeStatus.COMPLETED);

    String waiter = client.scheduleNew("Waiter", null, run + "-waiter");
    try {
      client.waitForStart(waiter, DEADLINE);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the waiter did not start within " + DEADLINE, e);
    }
    client.raiseEvent(waiter, "approve", "yes");
    client.terminate(waiter, "stopped");
    assertThat(waitForEnd(client, waiter)).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);

    assertThat(client.purge(transfer)).isTrue();
    assertThat(client.purge(waiter)).isTrue();
  }

  private static OrchestrationRuntimeStatus waitForEnd(OrchestrationClient client, String id) {
    try {
      return client.waitForCompletion(id, DEADLINE).status();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(id + " did not end within " + DEADLINE, e);
    }
  }

  /** How the scenario's worker and client connect. */
  interface Connection {
    /**
     * A worker builder on the scheduler.
     *
     * @return a new builder
     */
    DurableWorker.Builder worker();

    /**
     * A client builder on the scheduler.
     *
     * @return a new builder
     */
    DurableClient.Builder client();
  }
}
