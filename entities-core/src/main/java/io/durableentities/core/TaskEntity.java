package io.durableentities.core;

import io.durableentities.core.internal.EntityMethod;
import io.durableentities.core.internal.InitialStates;
import io.durableentities.core.internal.TaskEntityModel;
import io.durableentities.core.internal.TypedEntityState;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Objects;

/**
 * The class-based form of an entity: operations are methods, the state is a field.
 *
 * <pre>{@code
 * public interface Account {
 *   void deposit(long cents);
 *   void withdraw(long cents);
 *   long balance();
 * }
 *
 * public final class AccountEntity extends TaskEntity<Long> implements Account {
 *   public void deposit(long cents) { state += cents; }
 *   public void withdraw(long cents) {
 *     if (state < cents) throw new IllegalStateException("balance " + state + " < " + cents);
 *     state -= cents;
 *   }
 *   public long balance() { return state; }
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 *
 * The operations are the methods of the <em>entity interfaces</em> the class implements (any
 * interface outside {@code java.*} and {@code javax.*}, checked with {@link
 * EntityInterfaceMetadata}, {@link Operation} renames honoured), plus the public instance methods
 * declared by the class and its superclasses below {@code TaskEntity} that do not implement an
 * interface method. {@code Object} methods are never operations. Operation names are matched
 * case-insensitively; two methods mapping to the same name (overloads included) throw {@link
 * InvalidEntityInterfaceException} when the class is first used. The dispatch table is computed
 * once per class and calls methods through method handles.
 *
 * <h2>Parameters</h2>
 *
 * A method takes at most one input parameter, deserialized from the operation input to the
 * parameter's full generic type, plus optionally an {@link EntityContext} parameter at any
 * position. A missing input binds to null; a missing input for a primitive parameter fails the
 * operation with {@link IllegalArgumentException}. More than one input parameter throws {@link
 * InvalidEntityInterfaceException}: wrap them in a record.
 *
 * <h2>Results</h2>
 *
 * The return value is the operation result, serialized by the runtime; {@code void} methods have
 * none. Future and {@code CompletionStage} results are rejected: operations run synchronously.
 *
 * <h2>State</h2>
 *
 * Before each operation the {@link #state} field is loaded from the stored state, deserialized to
 * {@link #stateType()} (the type argument {@code S}), or set to {@link #initialState()} when the
 * entity has no state. After the operation succeeds the field is written back; null deletes the
 * state. If the operation throws, the state and the operation's signals and orchestration starts
 * are rolled back. Within a batch, a successfully written state object may be handed to the next
 * operation as is instead of being read back from JSON.
 *
 * <h2>Implicit delete</h2>
 *
 * An operation named {@code delete} (any case) that the class does not define deletes the state. A
 * method of that name defined by the class takes precedence.
 *
 * <h2>Failures</h2>
 *
 * <ul>
 *   <li>Unknown operation: {@link UnknownOperationException}, naming the entity, the operation and
 *       the operations the entity has.
 *   <li>An exception thrown by a method propagates unchanged (no reflection wrapper) and fails the
 *       operation; {@link Error}s are never caught.
 *   <li>State that cannot be read as {@code S}: {@link DataConverterException}; the stored state
 *       stays as it was.
 * </ul>
 *
 * <p>The runtime creates one object per batch of operations; do not share instances.
 *
 * @param <S> the state type
 */
public abstract class TaskEntity<S> implements Entity {

  /**
   * The state, loaded before each operation and written back after it succeeds; set it to null to
   * delete the state.
   */
  protected S state;

  private EntityContext current;

  /** Creates an entity. */
  protected TaskEntity() {}

  /**
   * Dispatches an operation to its method; see the class documentation.
   *
   * @param operation the operation
   * @return the method's result, or null
   * @throws Exception what the method throws, or {@link UnknownOperationException}
   */
  @Override
  public final Object run(EntityOperation operation) throws Exception {
    Objects.requireNonNull(operation, "operation");
    TaskEntityModel model = TaskEntityModel.of(getClass());
    String name = operation.name();
    EntityMethod method = model.find(name);
    if (method == null) {
      if (TaskEntityModel.DELETE.equalsIgnoreCase(name)) {
        operation.state().delete();
        state = null;
        return null;
      }
      throw new UnknownOperationException(
          operation.context().id(), name, model.operationNames(), getClass());
    }
    OperationContext context = new OperationContext(operation.context());
    current = context;
    try {
      EntityState stored = operation.state();
      Type type = stateType();
      state = load(stored, type);
      Object result = method.invoke(this, method.bind(operation, context));
      if (stored instanceof TypedEntityState typed) {
        typed.set(state, type);
      } else {
        stored.set(state);
      }
      return result;
    } finally {
      current = null;
    }
  }

  /**
   * Returns the context of the running operation.
   *
   * @return the context
   * @throws IllegalStateException if no operation is running
   */
  protected EntityContext context() {
    EntityContext context = current;
    if (context == null) {
      throw new IllegalStateException(
          "context() was called on "
              + getClass().getName()
              + " while no operation is running; call it only from an operation method");
    }
    return context;
  }

  /**
   * Returns the state type: by default the type argument {@code S} as given by the subclass.
   * Override when the class cannot determine it (for example a generic subclass).
   *
   * @return the state type
   * @throws InvalidEntityInterfaceException if the subclass does not determine it
   */
  protected Type stateType() {
    return TaskEntityModel.of(getClass()).stateType();
  }

  /**
   * Returns the state of an entity that has none yet. By default: zero for {@code Long}, {@code
   * Integer}, {@code Short}, {@code Byte}, {@code Double}, {@code Float}, {@code BigDecimal} and
   * {@code BigInteger}; {@code false}; {@code ""}; {@code Optional.empty()}; an empty mutable
   * {@code List}, {@code Set} or {@code Map} for those interfaces; a new instance for concrete
   * classes with a no-arg constructor; null otherwise (records with components, for example).
   *
   * @return the initial state, may be null
   */
  @SuppressWarnings("unchecked")
  protected S initialState() {
    return (S) InitialStates.of(stateType());
  }

  @SuppressWarnings("unchecked")
  private S load(EntityState stored, Type type) {
    return stored.exists() ? (S) stored.get(type) : initialState();
  }

  /** The context given to methods: deleting the state also clears the state field. */
  private final class OperationContext implements EntityContext {

    private final EntityContext delegate;

    OperationContext(EntityContext delegate) {
      this.delegate = delegate;
    }

    @Override
    public EntityInstanceId id() {
      return delegate.id();
    }

    @Override
    public String operationName() {
      return delegate.operationName();
    }

    @Override
    public void signal(EntityInstanceId target, String operation, Object input) {
      delegate.signal(target, operation, input);
    }

    @Override
    public void signal(EntityInstanceId target, String operation, Object input, Instant at) {
      delegate.signal(target, operation, input, at);
    }

    @Override
    public String startOrchestration(String name, Object input) {
      return delegate.startOrchestration(name, input);
    }

    @Override
    public String startOrchestration(String name, Object input, String instanceId) {
      return delegate.startOrchestration(name, input, instanceId);
    }

    @Override
    public String startOrchestration(String name, Object input, String instanceId, Instant at) {
      return delegate.startOrchestration(name, input, instanceId, at);
    }

    @Override
    public String startOrchestration(String name, Object input, StartOrchestrationOptions options) {
      return delegate.startOrchestration(name, input, options);
    }

    @Override
    public void deleteState() {
      delegate.deleteState();
      state = null;
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
