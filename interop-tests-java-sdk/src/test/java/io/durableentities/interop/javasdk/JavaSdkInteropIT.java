package io.durableentities.interop.javasdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.DurableTaskGrpcClientBuilder;
import com.microsoft.durabletask.DurableTaskGrpcWorker;
import com.microsoft.durabletask.DurableTaskGrpcWorkerBuilder;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import com.microsoft.durabletask.PurgeInstanceCriteria;
import com.microsoft.durabletask.RetryPolicy;
import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskActivity;
import com.microsoft.durabletask.TaskActivityFactory;
import com.microsoft.durabletask.TaskCanceledException;
import com.microsoft.durabletask.TaskFailedException;
import com.microsoft.durabletask.TaskOptions;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.TaskOrchestrationFactory;
import io.durableentities.interop.SchedulerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The official Durable Task Java SDK ({@code com.microsoft:durabletask-client} 1.5.0, with its own
 * gRPC 1.59) runs orchestrations on its own worker against the scheduler jar, and manages them with
 * its own client: code we did not write agrees with our reading of the contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaSdkInteropIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);

  /** Attempts of the Flaky activity per input. */
  private static final Map<String, Integer> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

  private final String run = "java-sdk-" + UUID.randomUUID().toString().substring(0, 8);

  private SchedulerProcess scheduler;
  private DurableTaskGrpcWorker worker;
  private DurableTaskClient client;

  @BeforeAll
  void startSchedulerWorkerAndClient() throws Exception {
    scheduler = SchedulerProcess.start(Duration.ofSeconds(60));
    DurableTaskGrpcWorkerBuilder builder =
        new DurableTaskGrpcWorkerBuilder().port(scheduler.port());
    orchestration(builder, "Chain", JavaSdkInteropIT::chain);
    orchestration(builder, "FanOut", JavaSdkInteropIT::fanOut);
    orchestration(builder, "Sleeper", JavaSdkInteropIT::sleeper);
    orchestration(builder, "Approval", JavaSdkInteropIT::approval);
    orchestration(builder, "Parent", JavaSdkInteropIT::parent);
    orchestration(builder, "Countdown", JavaSdkInteropIT::countdown);
    orchestration(builder, "Failing", JavaSdkInteropIT::failing);
    orchestration(builder, "Stepper", JavaSdkInteropIT::stepper);
    orchestration(builder, "Pinger", JavaSdkInteropIT::pinger);
    orchestration(builder, "Receiver", JavaSdkInteropIT::receiver);
    orchestration(builder, "Patient", JavaSdkInteropIT::patient);
    orchestration(builder, "Persistent", JavaSdkInteropIT::persistent);
    orchestration(builder, "Guardian", JavaSdkInteropIT::guardian);
    activity(builder, "Increment", ctx -> ctx.getInput(Integer.class) + 1);
    activity(builder, "Square", ctx -> ctx.getInput(Integer.class) * ctx.getInput(Integer.class));
    activity(
        builder,
        "Refuse",
        ctx -> {
          throw new IllegalArgumentException("refused " + ctx.getInput(String.class));
        });
    activity(
        builder,
        "Flaky",
        ctx -> {
          String key = ctx.getInput(String.class);
          int attempt = FLAKY_ATTEMPTS.merge(key, 1, Integer::sum);
          if (attempt < 3) {
            throw new IllegalStateException("attempt " + attempt + " of " + key + " fails");
          }
          return "ok after " + attempt;
        });
    worker = builder.build();
    worker.start();
    client = new DurableTaskGrpcClientBuilder().port(scheduler.port()).build();
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private static void chain(TaskOrchestrationContext ctx) {
    int x = ctx.getInput(Integer.class);
    for (int i = 0; i < 3; i++) {
      x = ctx.callActivity("Increment", x, Integer.class).await();
    }
    ctx.complete(x);
  }

  private static void fanOut(TaskOrchestrationContext ctx) {
    int n = ctx.getInput(Integer.class);
    List<Task<Integer>> squares = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      squares.add(ctx.callActivity("Square", i, Integer.class));
    }
    ctx.complete(ctx.allOf(squares).await().stream().mapToInt(Integer::intValue).sum());
  }

  private static void sleeper(TaskOrchestrationContext ctx) {
    Instant before = ctx.getCurrentInstant();
    ctx.createTimer(Duration.ofSeconds(ctx.getInput(Integer.class))).await();
    ctx.complete(Duration.between(before, ctx.getCurrentInstant()).toMillis());
  }

  private static void approval(TaskOrchestrationContext ctx) {
    ctx.complete("approved:" + ctx.waitForExternalEvent("approve", String.class).await());
  }

  private static void parent(TaskOrchestrationContext ctx) {
    int input = ctx.getInput(Integer.class);
    String child = ctx.getInstanceId() + "-child";
    ctx.complete(ctx.callSubOrchestrator("Chain", input, child, Integer.class).await() * 2);
  }

  /** Counts down through continue-as-new, one generation per step, then returns its trail. */
  private static void countdown(TaskOrchestrationContext ctx) {
    String trail = ctx.getInput(String.class);
    int left = Integer.parseInt(trail.substring(trail.lastIndexOf(',') + 1));
    if (left == 0) {
      ctx.complete(trail);
      return;
    }
    ctx.createTimer(Duration.ofMillis(10)).await();
    ctx.continueAsNew(trail + "," + (left - 1));
  }

  private static void failing(TaskOrchestrationContext ctx) {
    ctx.callActivity("Refuse", ctx.getInput(String.class)).await();
  }

  private static void stepper(TaskOrchestrationContext ctx) {
    ctx.setCustomStatus("waiting for go");
    ctx.waitForExternalEvent("go").await();
    ctx.setCustomStatus("went");
    ctx.complete("done");
  }

  private static void pinger(TaskOrchestrationContext ctx) {
    ctx.sendEvent(ctx.getInput(String.class), "ping", "hello from " + ctx.getInstanceId());
    ctx.complete("sent");
  }

  private static void receiver(TaskOrchestrationContext ctx) {
    ctx.complete(ctx.waitForExternalEvent("ping", String.class).await());
  }

  /** Waits half a second for an event that never comes: the timer wins the race. */
  private static void patient(TaskOrchestrationContext ctx) {
    try {
      ctx.waitForExternalEvent("approve", Duration.ofMillis(500), String.class).await();
      ctx.complete("approved");
    } catch (TaskCanceledException e) {
      ctx.complete("timed out");
    }
  }

  private static void persistent(TaskOrchestrationContext ctx) {
    RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(100));
    ctx.complete(
        ctx.callActivity("Flaky", ctx.getInstanceId(), new TaskOptions(retry), String.class)
            .await());
  }

  /** Calls the Failing sub-orchestration and reports its failure as its own output. */
  private static void guardian(TaskOrchestrationContext ctx) {
    try {
      ctx.callSubOrchestrator("Failing", "the child", ctx.getInstanceId() + "-child", String.class)
          .await();
      ctx.complete("child succeeded");
    } catch (TaskFailedException e) {
      ctx.complete("child failed: " + e.getErrorDetails().getErrorMessage());
    }
  }

  @Test
  void chaining_runsActivitiesInSequence() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Chain", 1, run + "-chain");

    assertThat(completed(id).readOutputAs(Integer.class)).isEqualTo(4);
  }

  @Test
  void fanOut_gathersTwentyActivities() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("FanOut", 20, run + "-fanout");

    assertThat(completed(id).readOutputAs(Integer.class)).isEqualTo(2470);
  }

  @Test
  void durableTimer_neverFiresEarly() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Sleeper", 1, run + "-timer");

    assertThat(completed(id).readOutputAs(Long.class)).isGreaterThanOrEqualTo(1000L);
  }

  @Test
  void externalEvent_resumesTheWaitingOrchestration() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Approval", null, run + "-event");
    client.waitForInstanceStart(id, DEADLINE);

    client.raiseEvent(id, "approve", "yes");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("approved:yes");
  }

  @Test
  void subOrchestration_returnsItsOutputToTheParent() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Parent", 10, run + "-sub");

    assertThat(completed(id).readOutputAs(Integer.class)).isEqualTo(26);
    assertThat(completed(id + "-child").readOutputAs(Integer.class)).isEqualTo(13);
  }

  @Test
  void continueAsNew_startsFreshGenerationsUntilDone() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Countdown", "5", run + "-can");

    OrchestrationMetadata done = completed(id);

    assertThat(done.readOutputAs(String.class)).isEqualTo("5,4,3,2,1,0");
    assertThat(done.readInputAs(String.class)).isEqualTo("5,4,3,2,1,0");
  }

  @Test
  void failedActivity_failsTheOrchestrationWithItsDetails() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Failing", "this", run + "-fail");

    OrchestrationMetadata failed = client.waitForInstanceCompletion(id, DEADLINE, true);

    assertThat(failed.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    assertThat(failed.getFailureDetails().getErrorMessage()).contains("Refuse");
  }

  @Test
  void terminate_endsARunningOrchestrationWithTheGivenOutput() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Approval", null, run + "-terminate");
    client.waitForInstanceStart(id, DEADLINE);

    client.terminate(id, "stopped by test");
    OrchestrationMetadata ended = client.waitForInstanceCompletion(id, DEADLINE, true);

    assertThat(ended.getRuntimeStatus()).isEqualTo(OrchestrationRuntimeStatus.TERMINATED);
    assertThat(ended.readOutputAs(String.class)).isEqualTo("stopped by test");
  }

  @Test
  void suspendAndResume_holdEventsUntilResumed() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Approval", null, run + "-suspend");
    client.waitForInstanceStart(id, DEADLINE);

    client.suspendInstance(id, "paused by test");
    awaitStatus(id, s -> s == OrchestrationRuntimeStatus.SUSPENDED);
    client.raiseEvent(id, "approve", "later");
    assertThat(client.getInstanceMetadata(id, false).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.SUSPENDED);
    client.resumeInstance(id, "resumed by test");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("approved:later");
  }

  @Test
  void query_pagesThroughInstancesByPrefixAndStatus() throws TimeoutException {
    String prefix = run + "-query-";
    Set<String> started = new TreeSet<>();
    for (int i = 0; i < 5; i++) {
      started.add(client.scheduleNewOrchestrationInstance("Chain", i, prefix + i));
    }
    for (String id : started) {
      completed(id);
    }

    Set<String> found = new TreeSet<>();
    OrchestrationStatusQuery query =
        new OrchestrationStatusQuery()
            .setInstanceIdPrefix(prefix)
            .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.COMPLETED))
            .setFetchInputsAndOutputs(true)
            .setMaxInstanceCount(2);
    int pages = 0;
    do {
      OrchestrationStatusQueryResult page = client.queryInstances(query);
      for (OrchestrationMetadata instance : page.getOrchestrationState()) {
        assertThat(instance.getName()).isEqualTo("Chain");
        assertThat(instance.readOutputAs(Integer.class))
            .isEqualTo(instance.readInputAs(Integer.class) + 3);
        found.add(instance.getInstanceId());
      }
      query.setContinuationToken(page.getContinuationToken());
      pages++;
    } while (query.getContinuationToken() != null && pages < 10);

    assertThat(found).isEqualTo(started);
    assertThat(pages).isGreaterThanOrEqualTo(3);
    OrchestrationStatusQuery running =
        new OrchestrationStatusQuery()
            .setInstanceIdPrefix(prefix)
            .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.RUNNING));
    assertThat(client.queryInstances(running).getOrchestrationState()).isEmpty();
  }

  @Test
  void purge_deletesOneInstanceOrAllThatMatch() throws TimeoutException {
    String one = client.scheduleNewOrchestrationInstance("Chain", 1, run + "-purge-one");
    completed(one);

    assertThat(client.purgeInstance(one).getDeletedInstanceCount()).isEqualTo(1);
    assertThat(client.getInstanceMetadata(one, false).isInstanceFound()).isFalse();
    assertThat(client.purgeInstance(one).getDeletedInstanceCount()).isZero();

    Instant from = Instant.now().minusSeconds(1);
    String terminated = client.scheduleNewOrchestrationInstance("Approval", null, run + "-purge-t");
    client.waitForInstanceStart(terminated, DEADLINE);
    client.terminate(terminated, null);
    client.waitForInstanceCompletion(terminated, DEADLINE, false);
    String running = client.scheduleNewOrchestrationInstance("Approval", null, run + "-purge-r");
    client.waitForInstanceStart(running, DEADLINE);

    int deleted =
        client
            .purgeInstances(
                new PurgeInstanceCriteria()
                    .setCreatedTimeFrom(from)
                    .setRuntimeStatusList(List.of(OrchestrationRuntimeStatus.TERMINATED)))
            .getDeletedInstanceCount();

    assertThat(deleted).isGreaterThanOrEqualTo(1);
    assertThat(client.getInstanceMetadata(terminated, false).isInstanceFound()).isFalse();
    assertThat(client.getInstanceMetadata(running, false).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.RUNNING);
    client.raiseEvent(running, "approve", "done");
    completed(running);
  }

  @Test
  void customStatus_isVisibleToTheClientWhileRunningAndAfterCompletion() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Stepper", null, run + "-status");
    client.waitForInstanceStart(id, DEADLINE);
    awaitCustomStatus(id, "waiting for go");

    client.raiseEvent(id, "go");

    assertThat(completed(id).readCustomStatusAs(String.class)).isEqualTo("went");
  }

  @Test
  void sendEvent_deliversAnEventFromOneOrchestrationToAnother() throws TimeoutException {
    String receiver = client.scheduleNewOrchestrationInstance("Receiver", null, run + "-receiver");
    client.waitForInstanceStart(receiver, DEADLINE);

    String pinger = client.scheduleNewOrchestrationInstance("Pinger", receiver, run + "-pinger");

    assertThat(completed(pinger).readOutputAs(String.class)).isEqualTo("sent");
    assertThat(completed(receiver).readOutputAs(String.class)).isEqualTo("hello from " + pinger);
  }

  @Test
  void eventWithTimeout_timesOutThroughADurableTimer() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Patient", null, run + "-patient");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("timed out");
  }

  @Test
  void retryPolicy_retriesAFailingActivityUntilItSucceeds() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Persistent", null, run + "-retry");

    assertThat(completed(id).readOutputAs(String.class)).isEqualTo("ok after 3");
  }

  @Test
  void failedSubOrchestration_surfacesInTheParentAsATaskFailure() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Guardian", null, run + "-guardian");

    assertThat(completed(id).readOutputAs(String.class))
        .startsWith("child failed: ")
        .contains("refused the child");
    assertThat(client.getInstanceMetadata(id + "-child", false).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.FAILED);
  }

  @Test
  void scheduledStart_doesNotRunBeforeItsStartTime() throws TimeoutException {
    Instant startAt = Instant.now().plusSeconds(2);
    String id =
        client.scheduleNewOrchestrationInstance(
            "Chain",
            new NewOrchestrationInstanceOptions()
                .setInstanceId(run + "-scheduled")
                .setInput(1)
                .setStartTime(startAt));

    assertThat(client.getInstanceMetadata(id, false).getRuntimeStatus())
        .isEqualTo(OrchestrationRuntimeStatus.PENDING);
    assertThat(completed(id).readOutputAs(Integer.class)).isEqualTo(4);
    assertThat(Instant.now()).isAfterOrEqualTo(startAt);
  }

  @Test
  void restartInstance_runsACompletedInstanceAgainUnderItsIdOrANewOne() throws TimeoutException {
    String id = client.scheduleNewOrchestrationInstance("Chain", 5, run + "-restart");
    completed(id);

    String again = client.restartInstance(id, false);
    String renamed = client.restartInstance(id, true);

    assertThat(again).isEqualTo(id);
    assertThat(renamed).isNotEqualTo(id);
    assertThat(completed(again).readOutputAs(Integer.class)).isEqualTo(8);
    assertThat(completed(renamed).readOutputAs(Integer.class)).isEqualTo(8);
  }

  private void awaitCustomStatus(String id, String wanted) {
    await(id + " has custom status '" + wanted + "'")
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> client.getInstanceMetadata(id, true).readCustomStatusAs(String.class),
            wanted::equals);
  }

  private OrchestrationMetadata completed(String id) throws TimeoutException {
    OrchestrationMetadata state = client.waitForInstanceCompletion(id, DEADLINE, true);
    assertThat(state.getRuntimeStatus())
        .as("%s ended with %s; scheduler:%n%s", id, state.getFailureDetails(), scheduler.output())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return state;
  }

  private void awaitStatus(String id, Predicate<OrchestrationRuntimeStatus> wanted) {
    await(id + " reaches the wanted status")
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> client.getInstanceMetadata(id, false).getRuntimeStatus(), wanted);
  }

  private static void orchestration(
      DurableTaskGrpcWorkerBuilder builder, String name, TaskOrchestration body) {
    builder.addOrchestration(
        new TaskOrchestrationFactory() {
          @Override
          public String getName() {
            return name;
          }

          @Override
          public TaskOrchestration create() {
            return body;
          }
        });
  }

  private static void activity(
      DurableTaskGrpcWorkerBuilder builder, String name, TaskActivity body) {
    builder.addActivity(
        new TaskActivityFactory() {
          @Override
          public String getName() {
            return name;
          }

          @Override
          public TaskActivity create() {
            return body;
          }
        });
  }
}
