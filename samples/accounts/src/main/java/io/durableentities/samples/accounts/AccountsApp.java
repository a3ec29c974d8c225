package io.durableentities.samples.accounts;

import io.durableentities.client.ConnectionString;
import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.orchestration.OrchestrationClient;
import io.durableentities.orchestration.OrchestrationMetadata;
import io.durableentities.orchestration.OrchestrationRuntimeStatus;
import io.durableentities.orchestration.OrchestrationWorker;
import io.durableentities.orchestration.Orchestrations;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The accounts sample: opens accounts and runs random transfers between them, first in memory
 * through the entity tester, then on a Durable Task scheduler, and reports each phase.
 *
 * <p>On the scheduler, each transfer is a signal to the source account, which withdraws and, in the
 * same operation, signals the deposit to the target and the outcome to the ledger entity. The
 * embedded scheduler runs in-process and keeps its data in {@code --data-dir}, unless a connection
 * string is given. Run with {@code --help} for the options ({@link AccountsCommand}).
 */
public final class AccountsApp {

  /** The dashboard port of the Durable Task Scheduler emulator, tried first. */
  static final int DASHBOARD_PORT = 8082;

  private static final int SENDERS = 8;
  private static final int LOCKED_IN_FLIGHT = 32;
  private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(5);

  private AccountsApp() {}

  /**
   * Runs the sample and exits with its status: 0 when every phase kept the total balance, 1 when
   * one did not or failed, 2 for an invalid command line.
   *
   * @param args the command line; {@code --help} lists the options
   */
  public static void main(String[] args) {
    System.exit(AccountsCommand.commandLine(System.getenv(), AccountsApp::run).execute(args));
  }

  /**
   * Runs the phases {@code options} ask for, printing their reports to stdout.
   *
   * @param options what to run
   * @return 0 when every phase kept the total balance, else 1
   */
  static int run(AccountsOptions options) throws Exception {
    PrintStream out = System.out;
    boolean balanced = true;
    if (options.mode() != AccountsOptions.Mode.SCHEDULER) {
      out.println("== in memory (entity tester, no server)");
      TransferReport report = runInMemory(options);
      report.print(out);
      balanced = report.balanced();
      out.println();
    }
    if (options.mode() != AccountsOptions.Mode.MEMORY) {
      out.println("== on a scheduler (gRPC, durable)");
      for (TransferReport report : runOnScheduler(options, out, System.console() != null)) {
        balanced &= report.balanced();
      }
    }
    return balanced ? 0 : 1;
  }

  /**
   * Opens the accounts in memory and runs the transfers.
   *
   * @param options what to run
   * @return the report
   */
  public static TransferReport runInMemory(AccountsOptions options) {
    InMemoryBank bank = new InMemoryBank(options.accounts(), options.initialCents());
    long before = bank.total();
    TransferPlan plan = new TransferPlan(options);
    long done = 0;
    long rejected = 0;
    long start = System.nanoTime();
    for (int i = 0; i < options.transfers(); i++) {
      TransferPlan.Step step = plan.next();
      if (bank.transfer(step.from(), step.to(), step.cents())) {
        done++;
      } else {
        rejected++;
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new TransferReport(
        options.accounts(), done, rejected, elapsed, before, bank.total(), "in memory");
  }

  /**
   * Starts the embedded scheduler on {@code dataDir} with its dashboard on the emulator's port
   * {@value #DASHBOARD_PORT}, or on a free port when that one is taken, so the transfers and their
   * locks can be watched in a browser while they run.
   */
  private static EmbeddedScheduler startEmbedded(Path dataDir) {
    SchedulerOptions.Builder builder = SchedulerOptions.newBuilder().dataDir(dataDir);
    try {
      return EmbeddedScheduler.start(builder.dashboardPort(DASHBOARD_PORT).build());
    } catch (UncheckedIOException e) {
      return EmbeddedScheduler.start(builder.dashboardPort(0).build());
    }
  }

  /**
   * Opens the accounts on a scheduler (the embedded one in {@code options.dataDir()} unless a
   * connection string is given), runs the transfers as signals, then the locked transfers as {@link
   * Transfer} orchestrations.
   *
   * @param options what to run
   * @param out where progress goes
   * @param terminal whether {@code out} is a terminal (a redrawn bar) or not (periodic lines)
   * @return the report of the signal transfers, then that of the locked transfers (when any); each
   *     is also printed to {@code out} as soon as its phase ends
   */
  public static List<TransferReport> runOnScheduler(
      AccountsOptions options, PrintStream out, boolean terminal) throws Exception {
    EmbeddedScheduler scheduler = null;
    String connection = options.connection();
    String where;
    if (connection == null) {
      scheduler = startEmbedded(options.dataDir());
      connection = scheduler.connectionString();
      where = "embedded scheduler, data in " + options.dataDir().toAbsolutePath().normalize();
    } else {
      ConnectionString parsed = ConnectionString.parse(connection);
      where = parsed.endpoint() + ", task hub " + parsed.taskHub();
    }
    out.println("scheduler      " + where);
    if (scheduler != null) {
      scheduler.dashboardUrl().ifPresent(url -> out.println("dashboard      " + url));
    }
    Orchestrations orchestrations = Orchestrations.of(new Transfer());
    try (DurableWorker worker =
            DurableWorker.newBuilder(connection)
                .entity(AccountEntity.class)
                .entity(LedgerEntity.class)
                .extension(OrchestrationWorker.of(orchestrations))
                .start();
        DurableClient client = DurableClient.connect(connection)) {
      SchedulerBank bank = new SchedulerBank(client.entities());
      int opened = bank.open(options.accounts(), options.initialCents(), PHASE_TIMEOUT);
      Audit before = bank.audit();
      LedgerState ledgerBefore = bank.ledger();
      out.printf(
          "accounts       %d opened now, %d existed with a total of %s%n",
          opened, before.accounts() - opened, TransferReport.money(before.totalCents()));

      long start = System.nanoTime();
      sendOrders(bank, options);
      long target = ledgerBefore.handled() + options.transfers();
      Progress progress = new Progress(out, terminal, "transfers", options.transfers());
      SchedulerBank.awaitCondition(
          "the ledger to count " + options.transfers() + " transfers",
          PHASE_TIMEOUT,
          () -> {
            long handled = bank.ledger().handled();
            progress.update(handled - ledgerBefore.handled());
            return handled >= target;
          });
      progress.finish();
      SchedulerBank.awaitCondition(
          "the deposits to be applied", PHASE_TIMEOUT, () -> bank.audit().backlog() == 0);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      LedgerState ledgerAfter = bank.ledger();
      Audit after = bank.audit();
      List<TransferReport> reports = new ArrayList<>();
      reports.add(
          new TransferReport(
              after.accounts(),
              ledgerAfter.done() - ledgerBefore.done(),
              ledgerAfter.rejected() - ledgerBefore.rejected(),
              elapsed,
              before.totalCents(),
              after.totalCents(),
              where + " (signal transfers)"));
      reports.get(0).print(out);
      if (options.lockedTransfers() > 0) {
        out.println();
        out.println("== locked transfers (orchestrations holding both accounts' locks)");
        TransferReport locked =
            lockedTransfers(bank, OrchestrationClient.of(client), options, out, terminal, where);
        locked.print(out);
        reports.add(locked);
      }
      return reports;
    } finally {
      if (scheduler != null) {
        scheduler.close();
      }
    }
  }

  private static TransferReport lockedTransfers(
      SchedulerBank bank,
      OrchestrationClient orchestrations,
      AccountsOptions options,
      PrintStream out,
      boolean terminal,
      String where)
      throws Exception {
    Audit before = bank.audit();
    TransferPlan plan = new TransferPlan(options, 1);
    ExecutorService runners = Executors.newFixedThreadPool(LOCKED_IN_FLIGHT);
    CompletionService<LockedResult> results = new ExecutorCompletionService<>(runners);
    long start = System.nanoTime();
    try {
      for (int i = 0; i < options.lockedTransfers(); i++) {
        TransferPlan.Step step = plan.next();
        TransferRequest request =
            new TransferRequest("acct-" + step.from(), "acct-" + step.to(), step.cents());
        results.submit(() -> runLocked(orchestrations, request));
      }
      Progress progress = new Progress(out, terminal, "transfers", options.lockedTransfers());
      long done = 0;
      long rejected = 0;
      Duration slowest = Duration.ZERO;
      for (int i = 0; i < options.lockedTransfers(); i++) {
        LockedResult result = results.take().get();
        if (result.outcome() == TransferOutcome.DONE) {
          done++;
        } else {
          rejected++;
        }
        if (result.took().compareTo(slowest) > 0) {
          slowest = result.took();
        }
        progress.update(i + 1);
      }
      progress.finish();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      Audit after = bank.audit();
      return new TransferReport(
          after.accounts(),
          done,
          rejected,
          elapsed,
          before.totalCents(),
          after.totalCents(),
          where + " (locked transfers)",
          slowest);
    } finally {
      runners.shutdownNow();
    }
  }

  private static LockedResult runLocked(OrchestrationClient orchestrations, TransferRequest request)
      throws Exception {
    long start = System.nanoTime();
    String id = orchestrations.scheduleNew(Transfer.class, request);
    OrchestrationMetadata finished = orchestrations.waitForCompletion(id, PHASE_TIMEOUT);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (finished.status() != OrchestrationRuntimeStatus.COMPLETED) {
      throw new IllegalStateException(
          "transfer "
              + id
              + " "
              + request
              + " ended "
              + finished.status()
              + ": "
              + finished.failureDetails());
    }
    TransferOutcome outcome = finished.readOutputAs(TransferOutcome.class);
    orchestrations.purge(id);
    return new LockedResult(outcome, took);
  }

  private record LockedResult(TransferOutcome outcome, Duration took) {}

  private static void sendOrders(SchedulerBank bank, AccountsOptions options) throws Exception {
    TransferPlan plan = new TransferPlan(options);
    TransferPlan.Step[] steps = new TransferPlan.Step[options.transfers()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = plan.next();
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      Future<?>[] running = new Future<?>[SENDERS];
      for (int s = 0; s < SENDERS; s++) {
        running[s] =
            senders.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < steps.length;
                      i = next.getAndIncrement()) {
                    bank.order(steps[i].from(), steps[i].to(), steps[i].cents());
                  }
                });
      }
      for (Future<?> sender : running) {
        sender.get();
      }
    } finally {
      senders.shutdownNow();
    }
  }

  /** The random transfers of a run: the same seed gives the same transfers. */
  static final class TransferPlan {
    private final SplittableRandom random;
    private final int accounts;
    private final long maxAmount;

    TransferPlan(AccountsOptions options) {
      this(options, 0);
    }

    TransferPlan(AccountsOptions options, long stream) {
      this.random = new SplittableRandom(options.seed() + stream);
      this.accounts = options.accounts();
      this.maxAmount = Math.max(1, options.initialCents() / 2);
    }

    Step next() {
      int from = random.nextInt(accounts);
      int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
      return new Step(from, to, 1 + random.nextLong(maxAmount));
    }

    record Step(int from, int to, long cents) {}
  }
}
