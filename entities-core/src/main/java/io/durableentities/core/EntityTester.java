package io.durableentities.core;

import io.durableentities.core.internal.BatchRecorder;
import io.durableentities.core.internal.EntityAction;
import io.durableentities.core.internal.EntityBatchExecutor;
import io.durableentities.core.internal.EntityBatchRequest;
import io.durableentities.core.internal.EntityBatchResult;
import io.durableentities.core.internal.EntityMethod;
import io.durableentities.core.internal.OperationRequest;
import io.durableentities.core.internal.OperationResult;
import io.durableentities.core.internal.TaskEntityModel;
import io.durableentities.core.spi.EntityInvoker;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs an entity in memory, without a server, threads or sleeps, through the same batch executor
 * the worker uses: each call is a one-operation batch with the same transactions, rollback and
 * serialization.
 *
 * <pre>{@code
 * var tester = EntityTester.of(AccountEntity::new, "acct-1");
 * tester.proxy(Account.class).deposit(500);          // needs entities-proxy on the class path
 * tester.call("withdraw", 200);
 * assertThat(tester.state()).isEqualTo(300L);
 * assertThatThrownBy(() -> tester.call("withdraw", 1_000))
 *     .isInstanceOf(EntityOperationFailedException.class);
 * assertThat(tester.state()).isEqualTo(300L);         // rolled back
 * }</pre>
 *
 * <p>Signals and orchestration starts of successful operations accumulate in {@link #signals()} and
 * {@link #orchestrationStarts()}; failures in {@link #failures()}. Not thread-safe.
 *
 * @param <S> the state type
 */
public final class EntityTester<S> {

  private final EntityInstanceId id;
  private final Supplier<? extends Entity> factory;
  private final Type stateType;
  private final TaskEntityModel model;
  private DataConverter converter = JacksonDataConverter.defaultInstance();
  private Clock clock = Clock.systemUTC();
  private String stateJson;
  private final List<SentSignal> signals = new ArrayList<>();
  private final List<StartedOrchestration> orchestrationStarts = new ArrayList<>();
  private final List<FailureDetails> failures = new ArrayList<>();

  private EntityTester(
      Supplier<? extends Entity> factory,
      EntityInstanceId id,
      Type stateType,
      TaskEntityModel model) {
    this.factory = factory;
    this.id = id;
    this.stateType = stateType;
    this.model = model;
  }

  /**
   * Creates a tester for a {@link TaskEntity}. The factory is called once now to learn the class
   * (its entity name comes from {@link EntityNames#of}), then once per operation.
   *
   * @param factory creates the entity, such as {@code AccountEntity::new}
   * @param key the entity key
   * @param <S> the state type
   * @param <E> the entity class
   * @return the tester, with no state
   * @throws InvalidEntityInterfaceException if the entity class breaks a rule
   */
  public static <S, E extends TaskEntity<S>> EntityTester<S> of(Supplier<E> factory, String key) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(key, "key");
    E sample =
        Objects.requireNonNull(
            factory.get(), "the entity factory returned null; return a new entity");
    TaskEntityModel model = TaskEntityModel.of(sample.getClass());
    EntityInstanceId id = EntityInstanceId.of(EntityNames.of(sample.getClass()), key);
    return new EntityTester<>(factory, id, sample.stateType(), model);
  }

  /**
   * Creates a tester for a low-level {@link Entity}.
   *
   * @param factory creates the entity
   * @param id the entity id
   * @param stateType the class to read the state as, in {@link #state()}
   * @param <S> the state type
   * @return the tester, with no state
   */
  public static <S> EntityTester<S> of(
      Supplier<? extends Entity> factory, EntityInstanceId id, Class<S> stateType) {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stateType, "stateType");
    return new EntityTester<>(factory, id, stateType, null);
  }

  /**
   * Sets the stored state, serialized with the current converter (set the converter first).
   *
   * @param initial the state; null means none
   * @return this tester
   */
  public EntityTester<S> withState(S initial) {
    this.stateJson = converter.serialize(initial);
    return this;
  }

  /**
   * Sets the data converter for inputs, results and state.
   *
   * @param converter the converter
   * @return this tester
   */
  public EntityTester<S> withConverter(DataConverter converter) {
    this.converter = Objects.requireNonNull(converter, "converter");
    return this;
  }

  /**
   * Sets the clock for operation timestamps, for deterministic outcomes.
   *
   * @param clock the clock
   * @return this tester
   */
  public EntityTester<S> withClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Returns the entity id.
   *
   * @return the id
   */
  public EntityInstanceId id() {
    return id;
  }

  /**
   * Runs an operation without input.
   *
   * @param operation the operation name
   * @return the result (as the method's declared result type for a {@link TaskEntity}), or null
   * @throws EntityOperationFailedException if the operation fails; the state is unchanged
   */
  public Object call(String operation) {
    return call(operation, null);
  }

  /**
   * Runs an operation with an input.
   *
   * @param operation the operation name
   * @param input the input, or null
   * @return the result (as the method's declared result type for a {@link TaskEntity}), or null
   * @throws EntityOperationFailedException if the operation fails; the state is unchanged
   */
  public Object call(String operation, Object input) {
    return converter.deserialize(callForJson(operation, input), resultType(operation));
  }

  /**
   * Runs an operation and reads its result as a class.
   *
   * @param operation the operation name
   * @param input the input, or null
   * @param resultType the result class
   * @param <R> the result type
   * @return the result, or null
   * @throws EntityOperationFailedException if the operation fails; the state is unchanged
   */
  public <R> R call(String operation, Object input, Class<R> resultType) {
    Objects.requireNonNull(resultType, "resultType");
    return converter.deserialize(callForJson(operation, input), resultType);
  }

  /**
   * Signals an operation: runs it one-way, like a signal from a client or another entity. Nothing
   * is returned and nothing is thrown when it fails: a failed operation is rolled back and its
   * failure is added to {@link #failures()}.
   *
   * @param operation the operation name
   * @param input the input, or null
   */
  public void signal(String operation, Object input) {
    Objects.requireNonNull(operation, "operation");
    runBatch(List.of(new TestOperation(operation, input)));
  }

  /**
   * Returns a typed proxy: each call runs a one-operation batch and returns the deserialized
   * result. Needs {@code io.durableentities:entities-proxy} on the class path.
   *
   * @param entityInterface the entity interface
   * @param <T> the interface type
   * @return the proxy; failed operations throw {@link EntityOperationFailedException}
   * @throws EntityException if no proxy factory is on the class path
   */
  public <T> T proxy(Class<T> entityInterface) {
    requireImplemented(entityInterface);
    return EntityProxies.create(entityInterface, invoker());
  }

  private void requireImplemented(Class<?> entityInterface) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    if (model != null && !entityInterface.isAssignableFrom(model.entityClass())) {
      throw new IllegalArgumentException(
          model.entityClass().getName()
              + " does not implement "
              + entityInterface.getName()
              + "; pass an entity interface the entity implements");
    }
  }

  /** The invoker behind {@link #proxy}: one batch per call, result read as the declared type. */
  EntityInvoker invoker() {
    return new EntityInvoker() {
      @Override
      public Object invoke(OperationMetadata operation, Object input) {
        String json = callForJson(operation.name(), input);
        return operation.hasResult() ? converter.deserialize(json, operation.resultType()) : null;
      }

      @Override
      public Object target() {
        return EntityTester.this;
      }
    };
  }

  /**
   * Runs several operations as one batch, with per-operation rollback; failures do not throw.
   *
   * @param operations the operations, in order
   * @return the outcome of each operation, the actions and the final state
   */
  public EntityBatchOutcome runBatch(List<TestOperation> operations) {
    Objects.requireNonNull(operations, "operations");
    List<OperationRequest> requests = new ArrayList<>(operations.size());
    for (TestOperation operation : operations) {
      requests.add(
          OperationRequest.of(operation.operation(), converter.serialize(operation.input())));
    }
    EntityBatchResult result = execute(requests);
    List<OperationOutcome> outcomes = new ArrayList<>(result.results().size());
    for (int i = 0; i < result.results().size(); i++) {
      outcomes.add(outcome(requests.get(i).operation(), result.results().get(i)));
    }
    List<SentSignal> sent = new ArrayList<>();
    List<StartedOrchestration> started = new ArrayList<>();
    for (EntityAction action : result.actions()) {
      if (action instanceof EntityAction.SendSignal s) {
        sent.add(new SentSignal(s.target(), s.operation(), s.input(), s.scheduledTime()));
      } else if (action instanceof EntityAction.StartOrchestration o) {
        started.add(
            new StartedOrchestration(
                o.instanceId(), o.name(), o.input(), o.scheduledTime(), o.version()));
      }
    }
    signals.addAll(sent);
    orchestrationStarts.addAll(started);
    return new EntityBatchOutcome(outcomes, sent, started, result.state());
  }

  /**
   * Runs the operations a lambda calls on the entity's typed interface as one batch, with
   * per-operation rollback; failures do not throw. Needs {@code io.durableentities:entities-proxy}
   * on the class path.
   *
   * <pre>{@code
   * EntityBatchOutcome outcome = tester.runBatch(Account.class, account -> {
   *   account.deposit(100);
   *   account.withdraw(500);   // fails and is rolled back alone
   *   account.balance();
   * });
   * assertThat(outcome.results().get(2).result(Long.class)).isEqualTo(100L);
   * }</pre>
   *
   * The lambda only records the calls, in order; nothing runs until it returns, so the values the
   * calls return inside it are placeholders (0, {@code false} or null): read the results from the
   * outcome.
   *
   * @param entityInterface an entity interface the entity implements
   * @param operations calls the operations of the batch
   * @param <T> the interface type
   * @return the outcome of each operation, the actions and the final state
   * @throws IllegalArgumentException if the entity does not implement the interface
   * @throws EntityException if no proxy factory is on the class path
   */
  public <T> EntityBatchOutcome runBatch(Class<T> entityInterface, Consumer<? super T> operations) {
    requireImplemented(entityInterface);
    return runBatch(BatchRecorder.record(entityInterface, operations));
  }

  /**
   * Returns the state, deserialized.
   *
   * @return the state, or null when the entity has none
   */
  @SuppressWarnings("unchecked")
  public S state() {
    return (S) converter.deserialize(stateJson, stateType);
  }

  /**
   * Tells whether the entity has state.
   *
   * @return whether state exists
   */
  public boolean exists() {
    return stateJson != null;
  }

  /**
   * Returns the stored state in serialized form.
   *
   * @return the state JSON, or null when the entity has none
   */
  public String stateJson() {
    return stateJson;
  }

  /**
   * Returns the signals sent by successful operations so far, in order.
   *
   * @return the signals
   */
  public List<SentSignal> signals() {
    return List.copyOf(signals);
  }

  /**
   * Returns the orchestration starts requested by successful operations so far, in order.
   *
   * @return the orchestration starts
   */
  public List<StartedOrchestration> orchestrationStarts() {
    return List.copyOf(orchestrationStarts);
  }

  /**
   * Returns the failures of operations so far, in order.
   *
   * @return the failure details
   */
  public List<FailureDetails> failures() {
    return List.copyOf(failures);
  }

  /** Forgets the recorded signals and orchestration starts. */
  public void clearActions() {
    signals.clear();
    orchestrationStarts.clear();
  }

  private String callForJson(String operation, Object input) {
    Objects.requireNonNull(operation, "operation");
    OperationOutcome outcome =
        runBatch(List.of(new TestOperation(operation, input))).results().get(0);
    if (!outcome.isSuccess()) {
      throw new EntityOperationFailedException(id, operation, outcome.failure());
    }
    return outcome.resultJson();
  }

  private EntityBatchResult execute(List<OperationRequest> requests) {
    EntityBatchExecutor executor = new EntityBatchExecutor(name -> factory, converter, clock);
    EntityBatchResult result = executor.execute(new EntityBatchRequest(id, stateJson, requests));
    if (result.batchFailure() != null) {
      throw new EntityException(
          "Could not create entity "
              + id
              + ": "
              + result.batchFailure().summary()
              + "; check the factory passed to EntityTester.of",
          null);
    }
    stateJson = result.state();
    return result;
  }

  private OperationOutcome outcome(String operation, OperationResult result) {
    if (result instanceof OperationResult.Failure failure) {
      failures.add(failure.details());
      return new OperationOutcome(
          id, operation, null, failure.details(), failure.start(), failure.end(), converter);
    }
    OperationResult.Success success = (OperationResult.Success) result;
    return new OperationOutcome(
        id, operation, success.resultJson(), null, success.start(), success.end(), converter);
  }

  private Type resultType(String operation) {
    EntityMethod method = model == null ? null : model.find(operation);
    return method == null || !method.operation().hasResult() ? Object.class : method.resultType();
  }

  /**
   * Names the entity under test.
   *
   * @return {@code EntityTester(<entity id>)}
   */
  @Override
  public String toString() {
    return "EntityTester(" + id() + ")";
  }
}
