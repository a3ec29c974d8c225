package io.durableentities.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.durableentities.client.DurableClient;
import io.durableentities.client.DurableWorker;
import io.durableentities.client.EntityMetadata;
import io.durableentities.core.EntityInstanceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared setup of the end-to-end scenarios: one back end, one worker (the scenarios' entities,
 * orchestrations and activities) and one client for all the tests of a class, so tests use instance
 * ids and entity keys of their own. A family of scenarios is an abstract subclass; one concrete
 * class per {@link SchedulerBackend} runs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndFixture {

  /** How long a test waits for an outcome before it fails. */
  static final Duration WAIT = Duration.ofSeconds(120);

  /**
   * Waits for a condition on the back end: 90 s, generous for a loaded 2-core machine and still
   * inside JUnit's 2-minute default timeout, so that a failure names the condition.
   */
  static final ConditionFactory EVENTUALLY =
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(10));

  private static final Logger log = LoggerFactory.getLogger(EndToEndFixture.class);

  private final SchedulerBackend backend;
  private Optional<String> unavailable = Optional.empty();

  private final List<AutoCloseable> resources = new ArrayList<>();

  /** The client for entities. */
  DurableClient durable;

  /** The client for orchestrations. */
  OrchestrationClient client;

  /**
   * Creates the fixture.
   *
   * @param backend the back end the scenarios run against
   */
  EndToEndFixture(SchedulerBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  /**
   * Registers the orchestrations and activities of the scenarios.
   *
   * @param registry the registry being built
   */
  abstract void orchestrations(Orchestrations.Builder registry);

  /**
   * Registers the entities of the scenarios.
   *
   * @param worker the worker being built
   */
  abstract void entities(DurableWorker.Builder worker);

  @BeforeAll
  final void startBackendWorkerAndClient() throws InterruptedException {
    unavailable = backend.unavailableReason();
    if (unavailable.isPresent()) {
      log.warn("{}: every test is skipped: {}", getClass().getSimpleName(), unavailable.get());
      return;
    }
    String connectionString = track(backend.start()).connectionString();
    Orchestrations.Builder registry = Orchestrations.newBuilder();
    orchestrations(registry);
    DurableWorker.Builder worker =
        DurableWorker.newBuilder(connectionString)
            .extension(
                OrchestrationWorker.newBuilder(registry.build())
                    .maxConcurrentOrchestrations(8)
                    .maxConcurrentActivities(8)
                    .build())
            .shutdownTimeout(Duration.ofSeconds(10));
    entities(worker);
    DurableWorker started = track(worker.start());
    assertThat(started.awaitConnected(WAIT)).as("the worker connects to %s", backend).isTrue();
    durable = track(DurableClient.connect(connectionString));
    client = OrchestrationClient.of(durable);
  }

  @BeforeEach
  final void skipWhereTheBackendCannotRun() {
    Assumptions.assumeTrue(unavailable.isEmpty(), () -> backend + " skipped: " + unavailable.get());
  }

  @AfterAll
  final void stopAll() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
    resources.clear();
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  /**
   * Waits until an instance ends and returns its metadata, whatever the outcome.
   *
   * @param instanceId the instance
   * @return its final metadata
   */
  OrchestrationMetadata finished(String instanceId) throws TimeoutException {
    return client.waitForCompletion(instanceId, WAIT);
  }

  /**
   * Waits until an instance ends and checks that it completed.
   *
   * @param instanceId the instance
   * @return its final metadata
   */
  OrchestrationMetadata completed(String instanceId) throws TimeoutException {
    OrchestrationMetadata done = finished(instanceId);
    assertThat(done.status())
        .as("status of %s (failure: %s)", instanceId, done.failureDetails())
        .isEqualTo(OrchestrationRuntimeStatus.COMPLETED);
    return done;
  }

  /**
   * Waits until an entity's state satisfies a condition.
   *
   * @param id the entity
   * @param stateType the state type
   * @param condition the condition on the state (null while the entity has none)
   * @return the entity's metadata
   */
  <S> EntityMetadata<S> entityUntil(
      EntityInstanceId id, Class<S> stateType, Predicate<S> condition) {
    return EVENTUALLY
        .alias("the state of " + id + " satisfies the condition")
        .until(
            () -> durable.entities().get(id, stateType),
            found -> condition.test(found.map(EntityMetadata::state).orElse(null)))
        .orElseThrow();
  }

  /**
   * Waits until an orchestration's custom status satisfies a condition.
   *
   * @param instanceId the instance
   * @param statusType the custom status type
   * @param condition the condition on the status (null while unset)
   * @return the status
   */
  <S> S customStatusUntil(String instanceId, Class<S> statusType, Predicate<S> condition) {
    return EVENTUALLY
        .alias("the custom status of " + instanceId + " satisfies the condition")
        .until(
            () ->
                client
                    .get(instanceId)
                    .map(
                        m ->
                            m.serializedCustomStatus() == null
                                ? null
                                : m.readCustomStatusAs(statusType))
                    .orElse(null),
            condition);
  }
}
