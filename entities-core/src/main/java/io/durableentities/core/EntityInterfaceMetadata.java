package io.durableentities.core;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operations of an entity interface, checked once and cached per interface.
 *
 * <p>An entity interface is the typed contract of an entity; {@link TaskEntity} dispatches to it
 * and typed proxies call through it.
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>Every abstract method, including those inherited from super-interfaces, is an operation.
 *       Default and static methods are not operations (they run locally, in the proxy), nor are
 *       {@code Object} methods and methods declared by {@code java.*} and {@code javax.*}
 *       interfaces.
 *   <li>The operation name is the method name, or the {@link Operation} value (not blank).
 *   <li>Names are case-insensitive and unique: overloads and names that differ only in case are
 *       rejected; rename one with {@link Operation}.
 *   <li>An operation takes at most one input parameter (wrap several in a record) plus optionally
 *       one {@link EntityContext} parameter.
 *   <li>Results are plain types; {@code Future}, {@code CompletableFuture} and {@code
 *       CompletionStage} results are rejected.
 * </ul>
 *
 * Each violation throws {@link InvalidEntityInterfaceException} naming the interface, the method,
 * the rule and the fix.
 *
 * <pre>{@code
 * EntityInterfaceMetadata account = EntityInterfaceMetadata.of(Account.class);
 * OperationMetadata deposit = account.operation("deposit");
 * Type input = deposit.inputType();   // long.class
 * }</pre>
 */
public final class EntityInterfaceMetadata {

  private static final ClassValue<EntityInterfaceMetadata> CACHE =
      new ClassValue<>() {
        @Override
        protected EntityInterfaceMetadata computeValue(Class<?> type) {
          return new EntityInterfaceMetadata(type);
        }
      };

  private final Class<?> interfaceType;
  private final List<OperationMetadata> operations;
  private final Map<Method, OperationMetadata> byMethod = new HashMap<>();
  private final Map<String, OperationMetadata> bySignature = new HashMap<>();
  private final Map<String, OperationMetadata> byName = new HashMap<>();

  private EntityInterfaceMetadata(Class<?> interfaceType) {
    if (!interfaceType.isInterface() || interfaceType.isAnnotation()) {
      throw new InvalidEntityInterfaceException(
          interfaceType.getName()
              + " is not an interface: entity interface metadata describes the typed contract an"
              + " entity implements; pass the interface (e.g. Account.class), not a class");
    }
    this.interfaceType = interfaceType;
    List<OperationMetadata> found = new ArrayList<>();
    for (Method method : operationMethods(interfaceType)) {
      OperationMetadata operation = OperationMetadata.of(method, interfaceType);
      OperationMetadata previous =
          byName.putIfAbsent(operation.name().toLowerCase(Locale.ROOT), operation);
      if (previous != null) {
        throw new InvalidEntityInterfaceException(
            "Entity interface "
                + interfaceType.getName()
                + " has two methods for operation '"
                + operation.name()
                + "' (operation names are case-insensitive and overloads are not allowed): "
                + OperationMetadata.describe(previous.method())
                + " and "
                + OperationMetadata.describe(method)
                + "; rename one with @Operation(\"...\")");
      }
      byMethod.put(method, operation);
      bySignature.put(signature(method), operation);
      found.add(operation);
    }
    found.sort(Comparator.comparing(OperationMetadata::name, String.CASE_INSENSITIVE_ORDER));
    this.operations = List.copyOf(found);
  }

  /**
   * Returns the metadata of an entity interface, checking it on first use.
   *
   * @param entityInterface the interface
   * @return its metadata, the same instance on every call
   * @throws InvalidEntityInterfaceException if the type is not an interface or breaks a rule
   */
  public static EntityInterfaceMetadata of(Class<?> entityInterface) {
    return CACHE.get(Objects.requireNonNull(entityInterface, "entityInterface"));
  }

  /**
   * Returns the interface.
   *
   * @return the interface type
   */
  public Class<?> interfaceType() {
    return interfaceType;
  }

  /**
   * Returns the operations, sorted by name.
   *
   * @return the operations, immutable
   */
  public List<OperationMetadata> operations() {
    return operations;
  }

  /**
   * Returns the operation of a method (constant time). The method may also be a method with the
   * same name and parameter types declared elsewhere, such as the implementation in an entity
   * class.
   *
   * @param method the method
   * @return its operation
   * @throws IllegalArgumentException if the method is not an operation of this interface
   */
  public OperationMetadata operation(Method method) {
    return findOperation(method)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    OperationMetadata.describe(Objects.requireNonNull(method, "method"))
                        + " is not an operation of entity interface "
                        + interfaceType.getName()
                        + " (default, static, Object and java.* methods are not operations); its"
                        + " operations are "
                        + names()));
  }

  /**
   * Finds the operation of a method (constant time).
   *
   * @param method the method
   * @return its operation, or empty when the method is not an operation of this interface
   */
  public Optional<OperationMetadata> findOperation(Method method) {
    Objects.requireNonNull(method, "method");
    OperationMetadata operation = byMethod.get(method);
    return Optional.ofNullable(operation != null ? operation : bySignature.get(signature(method)));
  }

  /**
   * Returns an operation by name, ignoring case.
   *
   * @param name the operation name
   * @return the operation
   * @throws IllegalArgumentException if there is no operation of that name
   */
  public OperationMetadata operation(String name) {
    return findOperation(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Entity interface "
                        + interfaceType.getName()
                        + " has no operation '"
                        + name
                        + "'; its operations are "
                        + names()));
  }

  /**
   * Finds an operation by name, ignoring case.
   *
   * @param name the operation name
   * @return the operation, or empty when there is none
   */
  public Optional<OperationMetadata> findOperation(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  @Override
  public String toString() {
    return "EntityInterfaceMetadata[" + interfaceType.getName() + ": " + names() + "]";
  }

  private List<String> names() {
    return operations.stream().map(OperationMetadata::name).toList();
  }

  /** The abstract, non-Object, non-java methods; for equal signatures the most specific one. */
  private static List<Method> operationMethods(Class<?> interfaceType) {
    Map<String, Method> bySignature = new LinkedHashMap<>();
    for (Method method : interfaceType.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.isSynthetic() || method.isBridge()) {
        continue;
      }
      bySignature.merge(
          signature(method),
          method,
          (a, b) -> a.getDeclaringClass().isAssignableFrom(b.getDeclaringClass()) ? b : a);
    }
    List<Method> methods = new ArrayList<>();
    for (Method method : bySignature.values()) {
      if (!method.isDefault() && !isObjectMethod(method) && !isPlatformMethod(method)) {
        methods.add(method);
      }
    }
    return methods;
  }

  static String signature(Method method) {
    return method.getName() + Arrays.toString(method.getParameterTypes());
  }

  static boolean isObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  static boolean isPlatformMethod(Method method) {
    String name = method.getDeclaringClass().getName();
    return name.startsWith("java.") || name.startsWith("javax.");
  }
}
