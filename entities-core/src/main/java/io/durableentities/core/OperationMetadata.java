package io.durableentities.core;

import io.durableentities.core.internal.GenericTypes;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * How one method maps to an entity operation: its name, its input parameter and its result type.
 * Shared by dispatch (in {@link TaskEntity}) and by typed proxies.
 *
 * <p>A method has at most one input parameter and at most one {@link EntityContext} parameter (the
 * context is supplied by the runtime, never sent). Types keep their full generic form, such as
 * {@code List<Map<String, Instant>>}.
 */
public final class OperationMetadata {

  private final String name;
  private final Method method;
  private final Type inputType;
  private final int inputIndex;
  private final int contextIndex;
  private final Type resultType;

  private OperationMetadata(
      String name,
      Method method,
      Type inputType,
      int inputIndex,
      int contextIndex,
      Type resultType) {
    this.name = name;
    this.method = method;
    this.inputType = inputType;
    this.inputIndex = inputIndex;
    this.contextIndex = contextIndex;
    this.resultType = resultType;
  }

  /**
   * Describes a method as an operation, checking the binding rules. Generic types are resolved as
   * seen from the declaring class.
   *
   * @param method the method
   * @return its operation metadata
   * @throws InvalidEntityInterfaceException if the method breaks a rule
   */
  public static OperationMetadata of(Method method) {
    return of(method, Objects.requireNonNull(method, "method").getDeclaringClass());
  }

  /**
   * Describes a method as an operation, checking the binding rules. Type variables are resolved as
   * seen from {@code owner}: for {@code interface Names extends Store<String>}, {@code
   * Store.put(T)} takes a {@code String}.
   *
   * @param method the method
   * @param owner the interface or class the method is seen from
   * @return its operation metadata
   * @throws InvalidEntityInterfaceException if the method breaks a rule
   */
  public static OperationMetadata of(Method method, Class<?> owner) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(owner, "owner");
    Map<TypeVariable<?>, Type> bindings = GenericTypes.bindings(owner);
    Class<?>[] rawParameters = method.getParameterTypes();
    Type[] parameters = method.getGenericParameterTypes();
    int inputIndex = -1;
    int contextIndex = -1;
    int inputs = 0;
    for (int i = 0; i < rawParameters.length; i++) {
      if (rawParameters[i] == EntityContext.class) {
        if (contextIndex >= 0) {
          throw invalid(
              method,
              "declares more than one EntityContext parameter; declare at most one (the runtime"
                  + " supplies it)");
        }
        contextIndex = i;
      } else {
        inputs++;
        inputIndex = i;
      }
    }
    if (inputs > 1) {
      throw invalid(
          method,
          "has "
              + inputs
              + " input parameters, but an operation takes at most one input; wrap them in a"
              + " record, e.g. record "
              + capitalize(method.getName())
              + "Input(...)");
    }
    String name = method.getName();
    Operation annotation = method.getAnnotation(Operation.class);
    if (annotation != null) {
      if (annotation.value().isBlank()) {
        throw invalid(
            method,
            "has a blank @Operation value; give the operation a name, or remove the annotation to"
                + " use the method name");
      }
      name = annotation.value();
    }
    Type resultType = GenericTypes.resolve(method.getGenericReturnType(), bindings);
    Class<?> rawResult = GenericTypes.rawClass(resultType);
    if (Future.class.isAssignableFrom(rawResult)
        || CompletionStage.class.isAssignableFrom(rawResult)) {
      throw invalid(
          method,
          "returns "
              + GenericTypes.describe(resultType)
              + ", but entity interfaces declare plain results (e.g. long instead of"
              + " CompletableFuture<Long>): the caller decides how to wait for them");
    }
    Type inputType = inputIndex < 0 ? null : GenericTypes.resolve(parameters[inputIndex], bindings);
    return new OperationMetadata(name, method, inputType, inputIndex, contextIndex, resultType);
  }

  /**
   * Returns the operation name: the {@link Operation} value, or else the method name.
   *
   * @return the operation name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the method.
   *
   * @return the method
   */
  public Method method() {
    return method;
  }

  /**
   * Returns the full generic type of the input parameter.
   *
   * @return the input type, or null when the operation takes no input
   */
  public Type inputType() {
    return inputType;
  }

  /**
   * Returns the position of the input parameter.
   *
   * @return the index, or -1 when the operation takes no input
   */
  public int inputIndex() {
    return inputIndex;
  }

  /**
   * Returns the position of the {@link EntityContext} parameter.
   *
   * @return the index, or -1 when there is none
   */
  public int contextIndex() {
    return contextIndex;
  }

  /**
   * Returns the full generic result type.
   *
   * @return the result type; {@code void.class} when the method returns nothing
   */
  public Type resultType() {
    return resultType;
  }

  /**
   * Tells whether the operation returns a result.
   *
   * @return false for {@code void} and {@code Void} methods
   */
  public boolean hasResult() {
    return resultType != void.class && resultType != Void.class;
  }

  /**
   * Picks the input from a method call's arguments.
   *
   * @param arguments the arguments of a call of {@link #method()}, may be null for no arguments
   * @return the input argument, or null when the operation takes no input
   */
  public Object inputOf(Object[] arguments) {
    return inputIndex < 0 || arguments == null ? null : arguments[inputIndex];
  }

  /**
   * Returns the method as {@code Type.method(ParameterTypes)}, for messages.
   *
   * @return a short description of the method
   */
  public String describeMethod() {
    return describe(method);
  }

  @Override
  public String toString() {
    return "OperationMetadata[" + name + " -> " + describe(method) + "]";
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName()
        + "."
        + method.getName()
        + Arrays.stream(method.getGenericParameterTypes())
            .map(GenericTypes::describe)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private static InvalidEntityInterfaceException invalid(Method method, String rule) {
    return new InvalidEntityInterfaceException(
        "Invalid entity operation "
            + describe(method)
            + " in "
            + method.getDeclaringClass().getName()
            + ": it "
            + rule);
  }

  private static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
