package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.client.DurableWorker;
import io.durableentities.core.FailureDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The workflow patterns end to end: function chaining, fan-out/fan-in, status polling, monitor,
 * human interaction, saga and retries. Run by {@link WorkflowPatternsEndToEndTest} and {@link
 * WorkflowPatternsOnDtsEmulatorTest}.
 */
abstract class WorkflowPatternsScenarios extends EndToEndFixture {

  /** How far a long-running report is, as its custom status. */
  record Progress(int done, int total) {}

  /** A monitor's state, carried from one generation to the next by continue-as-new. */
  record MonitorState(String job, int checks, int doneAfter) {}

  /** One look at a job: the job and the check number. */
  record Probe(String job, int check, int doneAfter) {}

  /** A request for approval with the time a human gets to answer. */
  record ApprovalRequest(String document, long timeoutMillis) {}

  /** A trip to book; the card is declined on request. */
  record Trip(String traveller, boolean declineCard) {}

  /** The outcome of a trip booking. */
  record Booking(String outcome, String reason, List<String> compensations) {}

  /** Lets the gated report steps run one at a time, as the test decides. */
  private final Semaphore stepGate = new Semaphore(0);

  /** The activity executions, per instance, keyed by task id (redeliveries counted once). */
  private final Map<String, Map<Integer, String>> journal = new ConcurrentHashMap<>();

  WorkflowPatternsScenarios(SchedulerBackend backend) {
    super(backend);
  }

  @Override
  void entities(DurableWorker.Builder worker) {}

  @Override
  void orchestrations(Orchestrations.Builder registry) {
    registry
        .orchestration(
            "Fulfil",
            ctx -> {
              String order = ctx.input(String.class);
              String reserved = ctx.callActivity("Reserve", order, String.class).await();
              String charged = ctx.callActivity("Charge", reserved, String.class).await();
              return ctx.callActivity("Ship", charged, String.class).await();
            })
        .activity("Reserve", ctx -> record(ctx, ctx.input(String.class) + " reserved"))
        .activity("Charge", ctx -> record(ctx, ctx.input(String.class) + " charged"))
        .activity("Ship", ctx -> record(ctx, ctx.input(String.class) + " shipped"))
        .orchestration("SumOfSquares", WorkflowPatternsScenarios::sumOfSquares)
        .activity(
            "Square",
            ctx -> {
              long n = ctx.input(Long.class);
              record(ctx, Long.toString(n));
              return n * n;
            })
        .orchestration("Report", WorkflowPatternsScenarios::report)
        .activity("GatedStep", this::gatedStep)
        .orchestration("Monitor", WorkflowPatternsScenarios::monitor)
        .activity(
            "CheckJob",
            ctx -> {
              Probe probe = ctx.input(Probe.class);
              return probe.check() >= probe.doneAfter() ? "done" : "running";
            })
        .orchestration("Approval", WorkflowPatternsScenarios::approval)
        .activity("RequestApproval", ctx -> record(ctx, "asked " + ctx.input(String.class)))
        .activity("Escalate", ctx -> record(ctx, "escalated " + ctx.input(String.class)))
        .orchestration("BookTrip", WorkflowPatternsScenarios::bookTrip)
        .activity("ReserveFlight", ctx -> record(ctx, "flight reserved"))
        .activity("ReserveHotel", ctx -> record(ctx, "hotel reserved"))
        .activity(
            "ChargeCard",
            ctx -> {
              Trip trip = ctx.input(Trip.class);
              if (trip.declineCard()) {
                record(ctx, "card declined");
                throw new IllegalStateException("card declined for " + trip.traveller());
              }
              return record(ctx, "card charged");
            })
        .activity("CancelHotel", ctx -> record(ctx, "hotel cancelled"))
        .activity("CancelFlight", ctx -> record(ctx, "flight cancelled"))
        .orchestration(
            "Flaky",
            ctx -> {
              RetryPolicy retry =
                  RetryPolicy.newBuilder()
                      .maxAttempts(ctx.input(Integer.class))
                      .firstInterval(Duration.ofMillis(500))
                      .backoffCoefficient(2.0)
                      .build();
              return ctx.callActivity(
                      "FailsTwice", null, String.class, TaskOptions.withRetryPolicy(retry))
                  .await();
            })
        .activity(
            "FailsTwice",
            ctx -> {
              record(ctx, "attempt");
              int attempt = journalOf(ctx.instanceId()).size();
              if (attempt < 3) {
                throw new IllegalStateException("attempt " + attempt + " of FailsTwice failed");
              }
              return "succeeded on attempt " + attempt;
            });
  }

  /**
   * Records an activity execution once per task (a redelivered task is not recorded again).
   *
   * @return what was recorded
   */
  private String record(ActivityContext ctx, String what) {
    journal
        .computeIfAbsent(ctx.instanceId(), id -> Collections.synchronizedMap(new LinkedHashMap<>()))
        .putIfAbsent(ctx.taskId(), what);
    return what;
  }

  /** The activity executions of an instance, in the order they ran. */
  private List<String> journalOf(String instanceId) {
    Map<Integer, String> executions = journal.getOrDefault(instanceId, Map.of());
    synchronized (executions) {
      return new ArrayList<>(executions.values());
    }
  }

  private static Object sumOfSquares(OrchestrationContext ctx) {
    List<Task<Long>> squares =
        IntStream.rangeClosed(1, ctx.input(Integer.class))
            .mapToObj(n -> ctx.callActivity("Square", (long) n, Long.class))
            .toList();
    return ctx.allOf(squares).await().stream().mapToLong(Long::longValue).sum();
  }

  private static Object report(OrchestrationContext ctx) {
    int total = ctx.input(Integer.class);
    for (int step = 0; step < total; step++) {
      ctx.setCustomStatus(new Progress(step, total));
      ctx.callActivity("GatedStep", step, Void.class).await();
    }
    ctx.setCustomStatus(new Progress(total, total));
    return "report of " + total + " steps";
  }

  private Object gatedStep(ActivityContext ctx) throws InterruptedException {
    if (!stepGate.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "step " + ctx.input(Integer.class) + " was never let through");
    }
    return null;
  }

  private static Object monitor(OrchestrationContext ctx) {
    MonitorState state = ctx.input(MonitorState.class);
    int check = state.checks() + 1;
    String status =
        ctx.callActivity("CheckJob", new Probe(state.job(), check, state.doneAfter()), String.class)
            .await();
    ctx.setCustomStatus(check + " checks");
    if (status.equals("done")) {
      return state.job() + " done after " + check + " checks";
    }
    ctx.createTimer(Duration.ofSeconds(1)).await();
    ctx.continueAsNew(new MonitorState(state.job(), check, state.doneAfter()));
    return null;
  }

  private static Object approval(OrchestrationContext ctx) {
    ApprovalRequest request = ctx.input(ApprovalRequest.class);
    ctx.callActivity("RequestApproval", request.document(), String.class).await();
    ctx.setCustomStatus("awaiting approval");
    Task<String> approved = ctx.waitForExternalEvent("approval", String.class);
    Task<Void> deadline = ctx.createTimer(Duration.ofMillis(request.timeoutMillis()));
    if (ctx.anyOf(List.of(approved, deadline)).await() == approved) {
      return request.document() + " approved by " + approved.await();
    }
    ctx.callActivity("Escalate", request.document(), String.class).await();
    return request.document() + " escalated";
  }

  private static Object bookTrip(OrchestrationContext ctx) {
    Trip trip = ctx.input(Trip.class);
    List<String> compensations = new ArrayList<>();
    ctx.callActivity("ReserveFlight", trip, String.class).await();
    compensations.add(0, "CancelFlight");
    ctx.callActivity("ReserveHotel", trip, String.class).await();
    compensations.add(0, "CancelHotel");
    try {
      ctx.callActivity("ChargeCard", trip, String.class).await();
      return new Booking("booked", null, List.of());
    } catch (TaskFailedException e) {
      for (String compensation : compensations) {
        ctx.callActivity(compensation, trip, String.class).await();
      }
      return new Booking("rolled back", e.failureDetails().errorMessage(), compensations);
    }
  }

  @Test
  void functionChaining_passesEachResultToTheNextActivity() throws Exception {
    String id = client.scheduleNew("Fulfil", "order-7");

    assertThat(completed(id).readOutputAs(String.class))
        .isEqualTo("order-7 reserved charged shipped");
    assertThat(journalOf(id))
        .containsExactly(
            "order-7 reserved", "order-7 reserved charged", "order-7 reserved charged shipped");
  }

  @Test
  void fanOutFanIn_runsAHundredActivitiesAndSumsTheirResults() throws Exception {
    String id = client.scheduleNew("SumOfSquares", 100);

    assertThat(completed(id).readOutputAs(Long.class)).isEqualTo(338_350L);
    assertThat(Set.copyOf(journalOf(id)))
        .as("one execution of Square per number")
        .hasSize(100)
        .containsAll(IntStream.rangeClosed(1, 100).mapToObj(Integer::toString).toList());
  }

  @Test
  void statusPolling_showsEveryStepsProgressUntilTheOutputIsReady() throws Exception {
    String id = client.scheduleNew("Report", 3);

    for (int step = 0; step < 3; step++) {
      int expected = step;
      Progress seen = customStatusUntil(id, Progress.class, p -> p != null && p.done() == expected);
      assertThat(seen).isEqualTo(new Progress(step, 3));
      assertThat(client.get(id).orElseThrow().status())
          .isEqualTo(OrchestrationRuntimeStatus.RUNNING);
      stepGate.release();
    }

    OrchestrationMetadata done = completed(id);
    assertThat(done.readOutputAs(String.class)).isEqualTo("report of 3 steps");
    assertThat(done.readCustomStatusAs(Progress.class)).isEqualTo(new Progress(3, 3));
  }

  @Test
  void monitor_checksOnATimerAcrossGenerationsUntilTheJobIsDone() throws Exception {
    Instant start = Instant.now();
    String id = client.scheduleNew("Monitor", new MonitorState("job-1", 0, 3));

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("job-1 done after 3 checks");
    assertThat(done.readInputAs(MonitorState.class))
        .as("the last generation's input, from continue-as-new")
        .isEqualTo(new MonitorState("job-1", 2, 3));
    assertThat(done.readCustomStatusAs(String.class)).isEqualTo("3 checks");
    assertThat(Duration.between(start, Instant.now()))
        .as("the monitor waited a 1 s timer between checks")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void humanInteraction_approvalBeforeTheDeadlineWins() throws Exception {
    String id = client.scheduleNew("Approval", new ApprovalRequest("budget", WAIT.toMillis()));
    customStatusUntil(id, String.class, "awaiting approval"::equals);

    client.raiseEvent(id, "approval", "ada");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("budget approved by ada");
    assertThat(journalOf(id)).containsExactly("asked budget");
  }

  @Test
  void humanInteraction_noAnswerBeforeTheDeadlineEscalates() throws Exception {
    Instant start = Instant.now();
    String id = client.scheduleNew("Approval", new ApprovalRequest("leave", 1_000));

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("leave escalated");
    assertThat(journalOf(id)).containsExactly("asked leave", "escalated leave");
    assertThat(Duration.between(start, Instant.now()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void saga_compensatesTheEarlierStepsInReverseOrderWhenALaterStepFails() throws Exception {
    String id = client.scheduleNew("BookTrip", new Trip("grace", true));

    Booking booking = completed(id).readOutputAs(Booking.class);

    assertThat(booking.outcome()).isEqualTo("rolled back");
    assertThat(booking.reason()).isEqualTo("card declined for grace");
    assertThat(booking.compensations()).containsExactly("CancelHotel", "CancelFlight");
    assertThat(journalOf(id))
        .containsExactly(
            "flight reserved",
            "hotel reserved",
            "card declined",
            "hotel cancelled",
            "flight cancelled");
  }

  @Test
  void saga_runsNoCompensationWhenEveryStepSucceeds() throws Exception {
    String id = client.scheduleNew("BookTrip", new Trip("alan", false));

    assertThat(completed(id).readOutputAs(Booking.class))
        .isEqualTo(new Booking("booked", null, List.of()));
    assertThat(journalOf(id)).containsExactly("flight reserved", "hotel reserved", "card charged");
  }

  @Test
  void retries_anActivityThatFailsTwiceSucceedsOnItsThirdAttempt() throws Exception {
    Instant start = Instant.now();
    String id = client.scheduleNew("Flaky", 3);

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("succeeded on attempt 3");
    assertThat(journalOf(id)).hasSize(3);
    assertThat(Duration.between(start, Instant.now()))
        .as("retry delays of 0.5 s and 1 s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1_500));
  }

  @Test
  void retries_exhaustedAttemptsFailTheOrchestrationWithTheActivitysFailure() throws Exception {
    String id = client.scheduleNew("Flaky", 2);

    OrchestrationMetadata done = finished(id);

    assertThat(done.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    FailureDetails failure = done.failureDetails();
    assertThat(failure.errorType()).isEqualTo(TaskFailedException.class.getName());
    assertThat(failure.errorMessage())
        .contains("FailsTwice")
        .contains("IllegalStateException: attempt 2 of FailsTwice failed");
    assertThat(journalOf(id)).as("both attempts ran").hasSize(2);
  }
}
