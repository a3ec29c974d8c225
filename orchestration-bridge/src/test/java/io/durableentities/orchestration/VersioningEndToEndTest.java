package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityNames;
import io.durableentities.core.FailureDetails;
import io.durableentities.core.StartOrchestrationOptions;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.OrchestrationVersioning.FailureStrategy;
import io.durableentities.orchestration.OrchestrationVersioning.MatchStrategy;
import io.durableentities.scheduler.EmbeddedScheduler;
import io.durableentities.scheduler.SchedulerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Orchestration versioning with our worker and client on the embedded scheduler: a rolling upgrade
 * from a worker running version 1.0 of "Checkout" to one running 2.0, with instances of both
 * versions in flight; and what a worker does with an instance whose version it does not run.
 *
 * <p>Every version of "Checkout" waits for the event "go" and returns which code ran it, with the
 * version it saw in its context, so an output tells both which worker ran the instance and that the
 * version reached the code.
 */
class VersioningEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private EmbeddedScheduler scheduler;
  private DurableClient durable;
  private OrchestrationClient client;
  private final List<DurableWorker> workers = new ArrayList<>();

  /** How often the 1.0 code of "Checkout" ran (replays included). */
  private final AtomicInteger v1Runs = new AtomicInteger();

  @BeforeEach
  void start() {
    scheduler = EmbeddedScheduler.start(SchedulerOptions.newBuilder().inMemory().build());
    durable = DurableClient.connect(scheduler.connectionString());
    client = OrchestrationClient.of(durable);
  }

  @AfterEach
  void stop() {
    workers.forEach(DurableWorker::close);
    durable.close();
    scheduler.close();
  }

  /** The 1.0 code: waits for "go". */
  private Orchestrations v1Code() {
    return Orchestrations.newBuilder()
        .orchestration(
            "Checkout",
            ctx -> {
              v1Runs.incrementAndGet();
              String go = ctx.waitForExternalEvent("go", String.class).await();
              return "v1 code, version " + ctx.version() + ", " + go;
            })
        .build();
  }

  /**
   * The 2.0 code: adds a step for instances of 2.0 and newer; instances older than 2.0 take the 1.0
   * path, so that their history replays.
   */
  private static Orchestrations v2Code() {
    return Orchestrations.newBuilder()
        .orchestration(
            "Checkout",
            ctx -> {
              String go = ctx.waitForExternalEvent("go", String.class).await();
              if (OrchestrationVersioning.compare(ctx.version(), "2.0") < 0) {
                return "v2 code on the 1.0 path, version " + ctx.version() + ", " + go;
              }
              String receipt = ctx.callActivity("Receipt", go, String.class).await();
              return "v2 code, version " + ctx.version() + ", " + receipt;
            })
        .activity("Receipt", ctx -> ctx.input(String.class) + " with receipt")
        .build();
  }

  private DurableWorker worker(Orchestrations code, OrchestrationVersioning versioning)
      throws InterruptedException {
    DurableWorker worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .extension(OrchestrationWorker.newBuilder(code).versioning(versioning).build())
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    workers.add(worker);
    assertThat(worker.awaitConnected(WAIT)).isTrue();
    return worker;
  }

  private static OrchestrationVersioning versioning(
      String version, MatchStrategy match, FailureStrategy failure) {
    return OrchestrationVersioning.newBuilder()
        .version(version)
        .matchStrategy(match)
        .failureStrategy(failure)
        .build();
  }

  private String completedOutput(String id) throws TimeoutException {
    OrchestrationMetadata done = client.waitForCompletion(id, WAIT);
    assertThat(done.status())
        .as("status of %s (failure: %s)", id, done.failureDetails())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return done.readOutputAs(String.class);
  }

  /**
   * Blue-green with {@code STRICT}: both workers keep running; each takes only its own version (the
   * scheduler routes by the versions in their work-item filters), so the 1.0 instances started
   * before the upgrade finish on the 1.0 code while the new ones run the 2.0 code.
   */
  @Test
  void rollingUpgrade_strict_oldInstancesFinishOnOldCode_newOnesRunNewCode() throws Exception {
    worker(v1Code(), versioning("1.0", MatchStrategy.STRICT, FailureStrategy.REJECT));
    OrchestrationClient v1Client = client.withDefaultVersion("1.0");
    String old1 = v1Client.scheduleNew("Checkout", null, "old-1");
    String old2 = v1Client.scheduleNew("Checkout", null, "old-2");
    client.waitForStart(old1, WAIT);
    client.waitForStart(old2, WAIT);

    worker(v2Code(), versioning("2.0", MatchStrategy.STRICT, FailureStrategy.REJECT));
    OrchestrationClient v2Client = client.withDefaultVersion("2.0");
    String new1 = v2Client.scheduleNew("Checkout", null, "new-1");
    String new2 =
        client.scheduleNew(
            "Checkout",
            null,
            ScheduleOptions.newBuilder().instanceId("new-2").version("2.0").build());
    for (String id : List.of(old1, old2, new1, new2)) {
      client.raiseEvent(id, "go", "go " + id);
    }

    assertThat(completedOutput(old1)).isEqualTo("v1 code, version 1.0, go old-1");
    assertThat(completedOutput(old2)).isEqualTo("v1 code, version 1.0, go old-2");
    assertThat(completedOutput(new1)).isEqualTo("v2 code, version 2.0, go new-1 with receipt");
    assertThat(completedOutput(new2)).isEqualTo("v2 code, version 2.0, go new-2 with receipt");
    assertThat(client.get(old1).orElseThrow().version()).hasValue("1.0");
    assertThat(client.get(new1).orElseThrow().version()).hasValue("2.0");
    assertThat(
            client
                .query(OrchestrationQuery.newBuilder().versions("1.0").build())
                .map(OrchestrationMetadata::instanceId))
        .containsExactly("old-1", "old-2");
    assertThat(
            client
                .query(OrchestrationQuery.newBuilder().instanceIdPrefix("new-").build())
                .map(m -> m.version().orElse("")))
        .containsOnly("2.0");
  }

  /**
   * In-place upgrade with {@code CURRENT_OR_OLDER}: the 1.0 worker stops while a 1.0 instance
   * waits; the 2.0 worker finishes it on the 2.0 code's 1.0 path and runs new instances on the 2.0
   * path.
   */
  @Test
  void rollingUpgrade_currentOrOlder_newWorkerFinishesOldInstancesOnTheirPath() throws Exception {
    DurableWorker v1 =
        worker(v1Code(), versioning("1.0", MatchStrategy.CURRENT_OR_OLDER, FailureStrategy.REJECT));
    String old = client.withDefaultVersion("1.0").scheduleNew("Checkout", null, "old");
    await().atMost(WAIT).until(() -> v1Runs.get() > 0);
    v1.close();
    int v1RunsBefore = v1Runs.get();

    worker(v2Code(), versioning("2.0", MatchStrategy.CURRENT_OR_OLDER, FailureStrategy.REJECT));
    String fresh = client.withDefaultVersion("2.0").scheduleNew("Checkout", null, "new");
    client.raiseEvent(old, "go", "go old");
    client.raiseEvent(fresh, "go", "go new");

    assertThat(completedOutput(old)).isEqualTo("v2 code on the 1.0 path, version 1.0, go old");
    assertThat(completedOutput(fresh)).isEqualTo("v2 code, version 2.0, go new with receipt");
    assertThat(v1Runs.get()).as("the stopped 1.0 worker ran nothing more").isEqualTo(v1RunsBefore);
  }

  /** {@code FAIL}: an instance newer than the worker fails, naming both versions and the fix. */
  @Test
  void mismatch_failStrategy_failsTheInstanceNamingVersionsAndFix() throws Exception {
    worker(v1Code(), versioning("1.0", MatchStrategy.CURRENT_OR_OLDER, FailureStrategy.FAIL));

    String id =
        client.scheduleNew(
            "Checkout",
            null,
            ScheduleOptions.newBuilder().instanceId("too-new").version("3.0").build());
    OrchestrationMetadata failed = client.waitForCompletion(id, WAIT);

    assertThat(failed.status()).isEqualTo(OrchestrationRuntimeStatus.FAILED);
    FailureDetails failure = failed.failureDetails();
    assertThat(failure.errorType()).isEqualTo(OrchestrationVersioning.VERSION_MISMATCH_ERROR_TYPE);
    assertThat(failure.errorMessage())
        .contains("'too-new'", "'Checkout'", "'3.0'", "'1.0'", "CURRENT_OR_OLDER")
        .contains("FailureStrategy.REJECT", "ScheduleOptions.version");
    assertThat(v1Runs.get()).as("the 1.0 code never ran it").isZero();
  }

  /**
   * {@code REJECT}: a 1.0 worker that takes every version it may run (CURRENT_OR_OLDER sends no
   * version filter) is given a 2.0 instance and abandons it, again and again after the scheduler's
   * back-off; the instance waits, and a 2.0 worker runs it once it connects.
   */
  @Test
  void mismatch_rejectStrategy_waitsForAWorkerOfAMatchingVersion() throws Exception {
    worker(v1Code(), versioning("1.0", MatchStrategy.CURRENT_OR_OLDER, FailureStrategy.REJECT));
    String id = client.withDefaultVersion("2.0").scheduleNew("Checkout", null, "waits");

    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .until(() -> !client.get(id, false).orElseThrow().isTerminal() && v1Runs.get() == 0);

    worker(v2Code(), versioning("2.0", MatchStrategy.CURRENT_OR_OLDER, FailureStrategy.REJECT));
    client.raiseEvent(id, "go", "go waits");

    assertThat(completedOutput(id)).isEqualTo("v2 code, version 2.0, go waits with receipt");
    assertThat(v1Runs.get()).isZero();
  }

  /**
   * Sub-orchestrations get the version of their call's options, else the worker's default version.
   */
  @Test
  void subOrchestrations_getTheirOptionsVersion_elseTheWorkersDefault() throws Exception {
    Orchestrations code =
        Orchestrations.newBuilder()
            .orchestration("Child", ctx -> ctx.version())
            .orchestration(
                "Parent",
                ctx -> {
                  String given =
                      ctx.callSubOrchestration(
                              "Child",
                              null,
                              null,
                              String.class,
                              TaskOptions.newBuilder().version("1.0").build())
                          .await();
                  String defaulted = ctx.callSubOrchestration("Child", null, String.class).await();
                  return given + " / " + defaulted;
                })
            .build();
    worker(code, OrchestrationVersioning.newBuilder().defaultVersion("1.5").build());

    String id = client.scheduleNew("Parent", null, "parent");

    assertThat(completedOutput(id)).isEqualTo("1.0 / 1.5");
    assertThat(client.get(id).orElseThrow().version()).isEmpty();
  }

  /** Starts "Child" with the version it is given, or without one when it is given none. */
  public static final class Starter extends TaskEntity<Integer> {

    /**
     * Starts "Child" as instance {@code id}, with the version after the first ':' if any.
     *
     * @param request {@code id} or {@code id:version}
     */
    public void start(String request) {
      String[] parts = request.split(":", 2);
      StartOrchestrationOptions.Builder options =
          StartOrchestrationOptions.newBuilder().instanceId(parts[0]);
      if (parts.length == 2) {
        options.version(parts[1]);
      }
      context().startOrchestration("Child", null, options.build());
    }
  }

  /**
   * Orchestrations an entity starts get the version it gives, else the worker's default version, as
   * sub-orchestrations do; the scheduler stores it, and it reaches the orchestration's context.
   */
  @Test
  void entityStartedOrchestrations_getTheirOptionsVersion_elseTheWorkersDefault() throws Exception {
    Orchestrations code =
        Orchestrations.newBuilder().orchestration("Child", ctx -> ctx.version()).build();
    DurableWorker worker =
        DurableWorker.newBuilder(scheduler.connectionString())
            .entity(Starter.class)
            .extension(
                OrchestrationWorker.newBuilder(code)
                    .versioning(OrchestrationVersioning.newBuilder().defaultVersion("1.5").build())
                    .build())
            .shutdownTimeout(Duration.ofSeconds(10))
            .start();
    workers.add(worker);
    assertThat(worker.awaitConnected(WAIT)).isTrue();
    EntityInstanceId starter = EntityInstanceId.of(EntityNames.of(Starter.class), "s");

    durable.entities().signal(starter, "start", "given:1.0");
    durable.entities().signal(starter, "start", "defaulted");

    await().atMost(WAIT).until(() -> client.get("given").isPresent());
    assertThat(completedOutput("given")).isEqualTo("1.0");
    assertThat(client.get("given").orElseThrow().version()).hasValue("1.0");
    await().atMost(WAIT).until(() -> client.get("defaulted").isPresent());
    assertThat(completedOutput("defaulted")).isEqualTo("1.5");
    assertThat(client.get("defaulted").orElseThrow().version()).hasValue("1.5");
  }

  /**
   * Without a default version, a sub-orchestration started without one has none, whatever its
   * parent's version: the SDKs never pass the parent's version on.
   */
  @Test
  void subOrchestrations_withoutADefaultVersion_haveNoneWhateverTheParentsVersion()
      throws Exception {
    Orchestrations code =
        Orchestrations.newBuilder()
            .orchestration("Child", ctx -> ctx.version())
            .orchestration(
                "Parent",
                ctx ->
                    ctx.version()
                        + " / "
                        + ctx.callSubOrchestration("Child", null, String.class).await())
            .build();
    worker(code, OrchestrationVersioning.none());

    String id =
        client.scheduleNew(
            "Parent", null, ScheduleOptions.newBuilder().instanceId("p").version("2.0").build());

    assertThat(completedOutput(id)).isEqualTo("2.0 / ");
  }

  @Test
  void twoExtensionsWithDifferentDefaultVersions_areRefusedAtStart() {
    Orchestrations code = Orchestrations.newBuilder().orchestration("Child", ctx -> "").build();
    DurableWorker.Builder builder =
        DurableWorker.newBuilder(scheduler.connectionString())
            .extension(
                OrchestrationWorker.newBuilder(code)
                    .versioning(OrchestrationVersioning.newBuilder().defaultVersion("1.0").build())
                    .build())
            .extension(
                OrchestrationWorker.newBuilder(code)
                    .versioning(OrchestrationVersioning.newBuilder().defaultVersion("2.0").build())
                    .build());

    assertThatThrownBy(builder::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different default versions [1.0, 2.0]");
  }
}
