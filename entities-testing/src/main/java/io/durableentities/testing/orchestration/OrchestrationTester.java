package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.JacksonDataConverter;
import io.durableentities.core.TaskEntity;
import io.durableentities.orchestration.Activity;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.Orchestrations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one orchestration in memory, its activities, entities and sub-orchestrations replaced by
 * test doubles, on a virtual clock: no scheduler, no threads, no waiting. The orchestration runs
 * through the worker's own replay executor, replayed from its history after every answer as in
 * production, so a non-deterministic orchestration or a broken critical-section rule fails the test
 * with the runtime's own message.
 *
 * <pre>{@code
 * OrchestrationRun run =
 *     OrchestrationTester.of(new Transfer())
 *         .entity(Account.class, "alice", alice)              // a Java object answering calls
 *         .entity(AccountEntity::new, "bob", 0L)              // or a real entity, in memory
 *         .activity("Notify", String.class, to -> "sent")     // an activity's answer
 *         .run(new TransferRequest("alice", "bob", 500));
 *
 * assertThat(run.output(TransferOutcome.class)).isEqualTo(TransferOutcome.DONE);
 * assertThat(run.entityCalls()).extracting(EntityCall::operation)
 *     .containsExactly("balance", "withdraw", "deposit");
 * assertThat(run.locks()).allMatch(EntityLock::isReleased);
 * }</pre>
 *
 * <h2>Time</h2>
 *
 * The clock starts at {@link #DEFAULT_START_TIME} (or {@link #startTime}) and moves only when the
 * orchestration waits and something is due: it jumps to the earliest answer, timer (retry delays
 * and event timeouts are timers too) or raised event. Doubles answer at once unless given a
 * latency. A run ends when the orchestration ends, when it waits for something only the test can
 * provide (an event never raised: see {@link OrchestrationRun#raiseEvent}), or at the {@link
 * #timeLimit}.
 *
 * <h2>Doubles</h2>
 *
 * Every activity, entity called and sub-orchestration needs a double; one that is missing fails the
 * run with an {@link IllegalStateException} naming it. A double that throws an exception fails that
 * call, as the real one would; one that throws an {@link Error} (such as an {@code AssertionError})
 * fails the test at once. Registering a name (or entity) again replaces the earlier double. Signals
 * need no double; a signal to an entity that has one is applied to it, and so are the signals a
 * real entity sends ({@link OrchestrationRun#entitySignals()}). Locks are granted at once, unless
 * {@link #lockedByAnother} has another orchestration hold one of the entities for a while.
 *
 * <p>Not thread-safe. Each {@link #run} starts from the tester's configuration at that moment; real
 * entities start from their initial state in each run.
 */
public final class OrchestrationTester {

  /** Where the virtual clock starts unless {@link #startTime} says otherwise. */
  public static final Instant DEFAULT_START_TIME = Instant.parse("2025-01-01T00:00:00Z");

  /** How far the virtual clock may move in one run unless {@link #timeLimit} says otherwise. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofDays(365);

  /** The instance id of the orchestration unless {@link #instanceId} says otherwise. */
  public static final String DEFAULT_INSTANCE_ID = "test-instance";

  private final String name;
  private final Orchestration orchestration;
  private String instanceId = DEFAULT_INSTANCE_ID;
  private Instant startTime = DEFAULT_START_TIME;
  private Duration timeLimit = DEFAULT_TIME_LIMIT;
  private DataConverter converter = JacksonDataConverter.defaultInstance();
  private final TestDoubles doubles = new TestDoubles();

  private OrchestrationTester(String name, Orchestration orchestration) {
    this.name = name;
    this.orchestration = orchestration;
  }

  /**
   * Creates a tester for an orchestration, named as a worker would register it: its {@code
   * OrchestrationName}, else its class simple name.
   *
   * @param orchestration the orchestration under test
   * @return the tester
   * @throws IllegalArgumentException for a lambda or anonymous class; use {@link #of(String,
   *     Orchestration)}
   */
  public static OrchestrationTester of(Orchestration orchestration) {
    Objects.requireNonNull(orchestration, "orchestration");
    return new OrchestrationTester(
        Orchestrations.orchestrationName(orchestration.getClass()), orchestration);
  }

  /**
   * Creates a tester for an orchestration under a name.
   *
   * @param name the orchestration name, as {@code ctx.name()} returns it
   * @param orchestration the orchestration under test
   * @return the tester
   */
  public static OrchestrationTester of(String name, Orchestration orchestration) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("An orchestration name must not be blank");
    }
    return new OrchestrationTester(name, Objects.requireNonNull(orchestration, "orchestration"));
  }

  /**
   * Sets the instance id (default {@link #DEFAULT_INSTANCE_ID}); {@code ctx.newUuid()} and the
   * entity request ids derive from it.
   *
   * @param instanceId the instance id, not blank
   * @return this tester
   */
  public OrchestrationTester instanceId(String instanceId) {
    Objects.requireNonNull(instanceId, "instanceId");
    if (instanceId.isBlank()) {
      throw new IllegalArgumentException("An instance id must not be blank");
    }
    this.instanceId = instanceId;
    return this;
  }

  /**
   * Sets where the virtual clock starts (default {@link #DEFAULT_START_TIME}).
   *
   * @param startTime the orchestration's {@code currentUtcDateTime()} when it starts
   * @return this tester
   */
  public OrchestrationTester startTime(Instant startTime) {
    this.startTime = Objects.requireNonNull(startTime, "startTime");
    return this;
  }

  /**
   * Sets how far the virtual clock may move in a run (default {@link #DEFAULT_TIME_LIMIT}): a run
   * stops, with the orchestration still running, when the next thing due is later. Orchestrations
   * that never end, such as monitors, stop here.
   *
   * @param timeLimit the limit, positive
   * @return this tester
   */
  public OrchestrationTester timeLimit(Duration timeLimit) {
    Objects.requireNonNull(timeLimit, "timeLimit");
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("The time limit must be positive, was " + timeLimit);
    }
    this.timeLimit = timeLimit;
    return this;
  }

  /**
   * Sets the converter for inputs, outputs, event payloads and entity state (default {@link
   * JacksonDataConverter#defaultInstance()}); use the one your worker uses.
   *
   * @param converter the converter
   * @return this tester
   */
  public OrchestrationTester dataConverter(DataConverter converter) {
    this.converter = Objects.requireNonNull(converter, "converter");
    return this;
  }

  /**
   * Answers an activity with an {@link Activity}: a lambda such as {@code ctx -> "sent to " +
   * ctx.input(String.class)}, or the real activity.
   *
   * @param name the activity name (case-insensitive)
   * @param activity answers each call; throwing fails the call
   * @return this tester
   */
  public OrchestrationTester activity(String name, Activity activity) {
    return activity(name, activity, Duration.ZERO);
  }

  /**
   * Answers an activity with an {@link Activity}, each answer arriving some virtual time later.
   *
   * @param name the activity name (case-insensitive)
   * @param activity answers each call; throwing fails the call
   * @param latency how long each call takes, in virtual time; not negative
   * @return this tester
   */
  public OrchestrationTester activity(String name, Activity activity, Duration latency) {
    doubles.activity(name, activity, latency);
    return this;
  }

  /**
   * Answers an activity from its input.
   *
   * @param name the activity name (case-insensitive)
   * @param inputType the class to read the input as
   * @param answer answers each call; throwing fails the call
   * @param <I> the input type
   * @return this tester
   */
  public <I> OrchestrationTester activity(
      String name, Class<I> inputType, Answer<? super I> answer) {
    return activity(name, inputType, answer, Duration.ZERO);
  }

  /**
   * Answers an activity from its input, each answer arriving some virtual time later.
   *
   * @param name the activity name (case-insensitive)
   * @param inputType the class to read the input as
   * @param answer answers each call; throwing fails the call
   * @param latency how long each call takes, in virtual time; not negative
   * @param <I> the input type
   * @return this tester
   */
  public <I> OrchestrationTester activity(
      String name, Class<I> inputType, Answer<? super I> answer, Duration latency) {
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(answer, "answer");
    return activity(name, ctx -> answer.answer(ctx.input(inputType)), latency);
  }

  /**
   * Answers the calls to one entity with a Java object implementing its entity interface: each
   * operation calls the method of that name (an {@code EntityContext} parameter gets null).
   *
   * @param entityInterface the entity interface; the entity id is {@code
   *     EntityInstanceId.of(entityInterface, key)}
   * @param key the entity key
   * @param double_ answers the calls; an exception it throws fails the operation
   * @param <T> the interface type
   * @return this tester
   * @throws io.durableentities.core.InvalidEntityInterfaceException if the interface breaks a rule
   */
  public <T> OrchestrationTester entity(Class<T> entityInterface, String key, T double_) {
    return entity(entityInterface, key, double_, Duration.ZERO);
  }

  /**
   * Answers the calls to one entity with a Java object implementing its entity interface, each
   * answer arriving some virtual time later.
   *
   * @param entityInterface the entity interface
   * @param key the entity key
   * @param double_ answers the calls; an exception it throws fails the operation
   * @param latency how long each call takes, in virtual time; not negative
   * @param <T> the interface type
   * @return this tester
   */
  public <T> OrchestrationTester entity(
      Class<T> entityInterface, String key, T double_, Duration latency) {
    doubles.entity(entityInterface, key, double_, latency);
    return this;
  }

  /**
   * Hosts a real entity in memory, with no state: calls run through the same batch executor as a
   * worker's (dispatch, per-operation rollback, JSON), on the virtual clock. Read its state after
   * the run with {@link OrchestrationRun#entityState}. The signals the entity itself sends are
   * recorded ({@link OrchestrationRun#entitySignals()}) and applied to their target's double; the
   * orchestrations it starts are not run (test them with {@code EntityTester} or the test
   * environment).
   *
   * @param factory creates the entity, such as {@code AccountEntity::new}
   * @param key the entity key; the entity name comes from the class
   * @param <S> the state type
   * @param <E> the entity class
   * @return this tester
   */
  public <S, E extends TaskEntity<S>> OrchestrationTester entity(Supplier<E> factory, String key) {
    return entity(factory, key, null);
  }

  /**
   * Hosts a real entity in memory with an initial state (each run starts from it).
   *
   * @param factory creates the entity, such as {@code AccountEntity::new}
   * @param key the entity key; the entity name comes from the class
   * @param initialState the state each run starts from; null for none
   * @param <S> the state type
   * @param <E> the entity class
   * @return this tester
   */
  public <S, E extends TaskEntity<S>> OrchestrationTester entity(
      Supplier<E> factory, String key, S initialState) {
    doubles.entity(factory, key, initialState);
    return this;
  }

  /**
   * Answers a sub-orchestration from its input.
   *
   * @param name the orchestration name (case-insensitive)
   * @param inputType the class to read the input as
   * @param answer the sub-orchestration's output; throwing fails it
   * @param <I> the input type
   * @return this tester
   */
  public <I> OrchestrationTester subOrchestration(
      String name, Class<I> inputType, Answer<? super I> answer) {
    return subOrchestration(name, inputType, answer, Duration.ZERO);
  }

  /**
   * Answers a sub-orchestration from its input, the answer arriving some virtual time later.
   *
   * @param name the orchestration name (case-insensitive)
   * @param inputType the class to read the input as
   * @param answer the sub-orchestration's output; throwing fails it
   * @param latency how long it runs, in virtual time; not negative
   * @param <I> the input type
   * @return this tester
   */
  @SuppressWarnings("unchecked")
  public <I> OrchestrationTester subOrchestration(
      String name, Class<I> inputType, Answer<? super I> answer, Duration latency) {
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(answer, "answer");
    doubles.subOrchestration(name, inputType, input -> answer.answer((I) input), latency);
    return this;
  }

  /**
   * Has another orchestration hold an entity's lock from the start for some virtual time: a
   * critical section that includes the entity is granted when the hold ends ({@link
   * EntityLock#grantedAt()}), and operations and signals that reach the entity meanwhile wait until
   * then, as the back end queues them behind the lock. Without it, every lock is granted at once.
   *
   * @param entity the entity (it needs a double only if the orchestration calls it)
   * @param heldFor how long, from the start, the other orchestration holds it; not negative
   * @return this tester
   */
  public OrchestrationTester lockedByAnother(EntityInstanceId entity, Duration heldFor) {
    doubles.lockedByAnother(entity, heldFor);
    return this;
  }

  /**
   * Raises an external event when the orchestration starts (it is kept until awaited).
   *
   * @param name the event name
   * @param payload the payload, may be null
   * @return this tester
   */
  public OrchestrationTester raiseEvent(String name, Object payload) {
    return raiseEvent(name, payload, Duration.ZERO);
  }

  /**
   * Raises an external event some virtual time after the start: the clock moves there if nothing
   * earlier is due (a timer of an event timeout that is due earlier fires first).
   *
   * @param name the event name
   * @param payload the payload, may be null
   * @param after when, after the start; not negative
   * @return this tester
   */
  public OrchestrationTester raiseEvent(String name, Object payload, Duration after) {
    doubles.raiseEvent(name, payload, after);
    return this;
  }

  /**
   * Runs the orchestration with an input until it ends, waits for something only the test can
   * provide, or reaches the time limit.
   *
   * @param input the input, may be null
   * @return the run: its outcome, what the orchestration did, and a way to go on
   * @throws AssertionError if the orchestration broke a rule of orchestrations (non-determinism, a
   *     critical-section rule): the message is the runtime's
   * @throws IllegalStateException if it called something that has no double
   */
  public OrchestrationRun run(Object input) {
    TestSetup setup =
        doubles.setup(name, orchestration, instanceId, startTime, timeLimit, converter);
    OrchestrationHost host = new OrchestrationHost(setup, converter.serialize(input));
    host.runUntilBlocked();
    return new OrchestrationRun(name, instanceId, host, converter);
  }

  @Override
  public String toString() {
    return "OrchestrationTester(" + name + ")";
  }
}
