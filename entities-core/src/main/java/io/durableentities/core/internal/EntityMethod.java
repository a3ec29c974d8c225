package io.durableentities.core.internal;

import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityOperation;
import io.durableentities.core.OperationMetadata;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Objects;

/**
 * One dispatchable operation of a {@code TaskEntity} class: how to bind its arguments and a method
 * handle to call it, computed once per class.
 */
public final class EntityMethod {

  private static final Object[] NO_ARGUMENTS = {};
  private static final MethodType INVOKER_TYPE =
      MethodType.methodType(Object.class, Object.class, Object[].class);

  private final OperationMetadata operation;
  private final Type inputType;
  private final Type resultType;
  private final boolean primitiveInput;
  private final int parameterCount;
  private final MethodHandle invoker;

  /**
   * Creates a dispatch entry.
   *
   * @param operation the operation
   * @param inputType the input type as seen from the entity class, or null
   * @param resultType the result type as seen from the entity class
   * @param handle a handle on the method, taking the receiver first
   */
  public EntityMethod(
      OperationMetadata operation, Type inputType, Type resultType, MethodHandle handle) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.inputType = inputType;
    this.resultType = Objects.requireNonNull(resultType, "resultType");
    this.primitiveInput = inputType instanceof Class<?> raw && raw.isPrimitive();
    this.parameterCount = operation.method().getParameterCount();
    this.invoker = handle.asSpreader(Object[].class, parameterCount).asType(INVOKER_TYPE);
  }

  /**
   * Returns the operation.
   *
   * @return the operation metadata
   */
  public OperationMetadata operation() {
    return operation;
  }

  /**
   * Returns the input type as seen from the entity class.
   *
   * @return the input type, or null when the operation takes none
   */
  public Type inputType() {
    return inputType;
  }

  /**
   * Returns the result type as seen from the entity class.
   *
   * @return the result type, {@code void.class} for none
   */
  public Type resultType() {
    return resultType;
  }

  /**
   * Builds the argument array: the deserialized input and the context at their positions.
   *
   * @param request the operation request
   * @param context the context to pass
   * @return the arguments
   * @throws IllegalArgumentException if a primitive input is missing
   */
  public Object[] bind(EntityOperation request, EntityContext context) {
    if (parameterCount == 0) {
      return NO_ARGUMENTS;
    }
    Object[] arguments = new Object[parameterCount];
    if (operation.contextIndex() >= 0) {
      arguments[operation.contextIndex()] = context;
    }
    if (operation.inputIndex() >= 0) {
      Object input = request.hasInput() ? request.input(inputType) : null;
      if (input == null && primitiveInput) {
        throw new IllegalArgumentException(
            "Operation '"
                + request.name()
                + "' on entity "
                + context.id()
                + " needs an input of type "
                + GenericTypes.describe(inputType)
                + " for "
                + operation.describeMethod()
                + ", but none was sent; send an input, or make the parameter a boxed type to"
                + " accept none");
      }
      arguments[operation.inputIndex()] = input;
    }
    return arguments;
  }

  /**
   * Calls the method. Exceptions it throws propagate unchanged (method handles add no wrapper).
   *
   * @param target the entity object
   * @param arguments the arguments from {@link #bind}
   * @return the result, null for void methods
   * @throws Exception whatever the method throws
   */
  public Object invoke(Object target, Object[] arguments) throws Exception {
    try {
      return (Object) invoker.invokeExact(target, arguments);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }

  @Override
  public String toString() {
    return "EntityMethod[" + operation.name() + " -> " + operation.describeMethod() + "]";
  }
}
