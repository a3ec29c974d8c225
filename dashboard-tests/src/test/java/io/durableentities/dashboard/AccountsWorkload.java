package io.durableentities.dashboard;

import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.samples.accounts.AccountEntity;
import io.durableentities.samples.accounts.LedgerEntity;
import io.durableentities.samples.accounts.SchedulerBank;
import io.durableentities.samples.accounts.Transfer;
import io.durableentities.samples.accounts.TransferRequest;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The accounts sample on an in-process scheduler with its dashboard on a free port: four accounts,
 * three finished {@link Transfer}s, two {@link HoldLock} orchestrations each holding one account's
 * lock ({@code holder-1} on {@code acct-2}, {@code holder-2} on {@code acct-3}), and a transfer
 * ({@code transfer-blocked}, {@code acct-1} to {@code acct-2}) that waits for {@code holder-1}.
 */
final class AccountsWorkload implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(120);

  final EmbeddedScheduler scheduler;
  final DurableWorker worker;
  final DurableClient client;
  final OrchestrationClient orchestrations;
  private final OpenTelemetrySdk tracing;

  AccountsWorkload() throws TimeoutException {
    scheduler =
        EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().dashboardPort(0).build());
    worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(AccountEntity.class)
            .entity(LedgerEntity.class)
            .extension(OrchestrationWorker.of(Orchestrations.of(new Transfer(), new HoldLock())))
            .start();
    // The client traces (an SDK sampling everything, exporting nowhere), so every start carries a
    // trace context and the instance page has a trace id to show.
    tracing =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite()))
                    .build())
            .build();
    client = DurableClient.newBuilder(scheduler.connectionString()).openTelemetry(tracing).build();
    orchestrations = OrchestrationClient.of(client);
    new SchedulerBank(client.entities()).open(4, 10_000, TIMEOUT);
    transfer("transfer-1", "acct-0", "acct-1", 100);
    transfer("transfer-2", "acct-1", "acct-0", 250);
    transfer("transfer-3", "acct-0", "acct-3", 50);
    for (String id : new String[] {"transfer-1", "transfer-2", "transfer-3"}) {
      orchestrations.waitForCompletion(id, TIMEOUT);
    }
    orchestrations.scheduleNew("HoldLock", "acct-2", "holder-1");
    orchestrations.scheduleNew("HoldLock", "acct-3", "holder-2");
    awaitHolding("holder-1");
    awaitHolding("holder-2");
    transfer("transfer-blocked", "acct-1", "acct-2", 10);
  }

  private void transfer(String id, String from, String to, long cents) {
    orchestrations.scheduleNew("Transfer", new TransferRequest(from, to, cents), id);
  }

  /** Waits until a {@link HoldLock} has its lock (it sets its custom status only then). */
  private void awaitHolding(String id) {
    await(id + " holds its lock")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> orchestrations.get(id).map(OrchestrationMetadata::serializedCustomStatus),
            status -> status.filter(s -> s.contains("holding")).isPresent());
  }

  URI dashboard() {
    return scheduler.dashboardUrl().orElseThrow();
  }

  @Override
  public void close() {
    client.close();
    worker.close();
    scheduler.close();
    tracing.close();
  }
}
