package io.durableentities.interop;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.CriticalSection;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;

/**
 * Our worker hosting the {@code account} entity and the locked {@code Transfer} orchestration, for
 * the tracing ITs whose clients (ours or the JS SDK's) start transfers through the scheduler jar.
 */
final class TransferWorker {

  private TransferWorker() {}

  /** An account that refuses overdrafts; its entity name is {@code account}. */
  public static final class AccountEntity extends TaskEntity<Long> {
    /**
     * Adds money.
     *
     * @param cents the amount
     */
    public void deposit(long cents) {
      state += cents;
    }

    /**
     * Takes money out.
     *
     * @param cents the amount
     */
    public void withdraw(long cents) {
      if (state < cents) {
        throw new IllegalStateException("balance " + state + " < " + cents);
      }
      state -= cents;
    }

    /**
     * Returns the balance.
     *
     * @return the balance
     */
    public long balance() {
      return state;
    }
  }

  /** The input of {@code Transfer}: two account keys and an amount. */
  record Request(String from, String to, long amount) {}

  /** Locks both accounts, moves the amount and returns the source's balance. */
  static final Orchestration TRANSFER =
      ctx -> {
        Request t = ctx.input(Request.class);
        EntityInstanceId from = EntityInstanceId.of("account", t.from());
        EntityInstanceId to = EntityInstanceId.of("account", t.to());
        try (CriticalSection lock = ctx.entities().lockEntities(from, to)) {
          ctx.entities().call(from, "withdraw", t.amount(), Void.class);
          ctx.entities().call(to, "deposit", t.amount(), Void.class);
          return ctx.entities().call(from, "balance", null, Long.class);
        }
      };

  /**
   * Starts the worker on the scheduler process, tracing through {@code otel}.
   *
   * @param scheduler the scheduler jar's process
   * @param otel the OpenTelemetry instance whose exporter the test reads
   * @return the started worker
   */
  static DurableWorker start(SchedulerProcess scheduler, OpenTelemetry otel) {
    return DurableWorker.newBuilder(scheduler.connectionString())
        .openTelemetry(otel)
        .entity(AccountEntity.class)
        .extension(
            OrchestrationWorker.of(
                Orchestrations.newBuilder().orchestration("Transfer", TRANSFER).build()))
        .shutdownTimeout(Duration.ofSeconds(2))
        .start();
  }
}
