package io.durableentities.core.internal;

import io.durableentities.core.Entity;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.InvalidEntityInterfaceException;
import io.durableentities.core.OperationMetadata;
import io.durableentities.core.TaskEntity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatch table of a {@link TaskEntity} class: its operations (case-insensitive) and its state
 * type. Computed and checked once per class.
 */
public final class TaskEntityModel {

  /** The name of the implicit operation that deletes the state. */
  public static final String DELETE = "delete";

  private static final Logger LOG = LoggerFactory.getLogger(TaskEntityModel.class);

  private static final ClassValue<TaskEntityModel> MODELS =
      new ClassValue<>() {
        @Override
        protected TaskEntityModel computeValue(Class<?> type) {
          return new TaskEntityModel(type);
        }
      };

  private final Class<?> entityClass;
  private final Type stateType;
  private final Map<String, EntityMethod> methods = new HashMap<>();
  private final List<String> operationNames;

  private TaskEntityModel(Class<?> entityClass) {
    this.entityClass = entityClass;
    Map<TypeVariable<?>, Type> bindings = GenericTypes.bindings(entityClass);
    Type state = bindings.get(TaskEntity.class.getTypeParameters()[0]);
    this.stateType = state == null || GenericTypes.hasVariables(state) ? null : state;

    Map<String, List<Method>> interfaceMethods = new HashMap<>();
    for (Class<?> type = entityClass; type != TaskEntity.class; type = type.getSuperclass()) {
      for (Class<?> entityInterface : type.getInterfaces()) {
        for (Method method : entityInterface.getMethods()) {
          interfaceMethods.computeIfAbsent(method.getName(), n -> new ArrayList<>()).add(method);
        }
        if (isEntityInterface(entityInterface)) {
          for (OperationMetadata operation :
              EntityInterfaceMetadata.of(entityInterface).operations()) {
            add(operation, bindings);
          }
        }
      }
    }
    Set<String> excluded = new HashSet<>();
    for (Method method : TaskEntity.class.getDeclaredMethods()) {
      excluded.add(signature(method));
    }
    Set<String> seen = new HashSet<>();
    for (Class<?> type = entityClass; type != TaskEntity.class; type = type.getSuperclass()) {
      for (Method method : type.getDeclaredMethods()) {
        int modifiers = method.getModifiers();
        if (!Modifier.isPublic(modifiers)
            || Modifier.isStatic(modifiers)
            || method.isBridge()
            || method.isSynthetic()
            || !seen.add(signature(method))
            || excluded.contains(signature(method))
            || isObjectMethod(method)
            || implementsInterfaceMethod(method, interfaceMethods, bindings)) {
          continue;
        }
        add(OperationMetadata.of(method, entityClass), bindings);
      }
    }
    List<String> names = new ArrayList<>();
    methods.values().forEach(m -> names.add(m.operation().name()));
    if (!methods.containsKey(DELETE)) {
      names.add(DELETE);
    }
    names.sort(String.CASE_INSENSITIVE_ORDER);
    this.operationNames = List.copyOf(names);
    LOG.debug(
        "Entity class {}: operations {}, state type {}",
        entityClass.getName(),
        operationNames,
        stateType);
  }

  /**
   * Returns the model of a {@link TaskEntity} class, checking it on first use.
   *
   * @param entityClass the entity class
   * @return its model, cached
   * @throws InvalidEntityInterfaceException if the class or one of its entity interfaces breaks a
   *     rule
   */
  public static TaskEntityModel of(Class<?> entityClass) {
    Objects.requireNonNull(entityClass, "entityClass");
    if (!TaskEntity.class.isAssignableFrom(entityClass) || entityClass == TaskEntity.class) {
      throw new IllegalArgumentException(
          entityClass.getName() + " is not a subclass of " + TaskEntity.class.getName());
    }
    return MODELS.get(entityClass);
  }

  /**
   * Finds the method for an operation name, ignoring case.
   *
   * @param operationName the requested operation
   * @return the method, or null when the class has no such operation (the implicit {@code delete}
   *     is not returned)
   */
  public EntityMethod find(String operationName) {
    return methods.get(operationName.toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the operation names, sorted, the implicit {@code delete} included.
   *
   * @return the operation names
   */
  public List<String> operationNames() {
    return operationNames;
  }

  /**
   * Returns the entity class.
   *
   * @return the class
   */
  public Class<?> entityClass() {
    return entityClass;
  }

  /**
   * Returns the state type, the type argument of {@code TaskEntity<S>} as seen from the class.
   *
   * @return the state type
   * @throws InvalidEntityInterfaceException if the class does not determine it
   */
  public Type stateType() {
    if (stateType == null) {
      throw new InvalidEntityInterfaceException(
          "Cannot determine the state type of entity class "
              + entityClass.getName()
              + ": it does not extend TaskEntity with a concrete type argument; extend"
              + " TaskEntity<YourState> (e.g. TaskEntity<Long>) or override stateType()");
    }
    return stateType;
  }

  private void add(OperationMetadata operation, Map<TypeVariable<?>, Type> bindings) {
    String key = operation.name().toLowerCase(Locale.ROOT);
    EntityMethod existing = methods.get(key);
    if (existing != null) {
      if (signature(existing.operation().method()).equals(signature(operation.method()))) {
        return; // the same method, declared by two interfaces
      }
      throw new InvalidEntityInterfaceException(
          "Entity class "
              + entityClass.getName()
              + " has two methods for operation '"
              + operation.name()
              + "' (operation names are case-insensitive and overloads are not allowed): "
              + existing.operation().describeMethod()
              + " and "
              + operation.describeMethod()
              + "; rename one with @Operation(\"...\") or make one non-public");
    }
    Type inputType =
        operation.inputType() == null
            ? null
            : GenericTypes.resolve(operation.inputType(), bindings);
    Type resultType = GenericTypes.resolve(operation.resultType(), bindings);
    methods.put(key, new EntityMethod(operation, inputType, resultType, handle(operation)));
  }

  private MethodHandle handle(OperationMetadata operation) {
    Method method = operation.method();
    try {
      method.trySetAccessible();
      return MethodHandles.lookup().unreflect(method);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new InvalidEntityInterfaceException(
          "Cannot access "
              + operation.describeMethod()
              + " of entity class "
              + entityClass.getName()
              + ": "
              + e.getMessage()
              + "; make the class and method public, or open its package to the"
              + " io.durableentities.core module",
          e);
    }
  }

  private static boolean isEntityInterface(Class<?> type) {
    String name = type.getName();
    return !name.startsWith("java.")
        && !name.startsWith("javax.")
        && !Entity.class.isAssignableFrom(type);
  }

  /** Whether a class method implements an interface method, generic parameters resolved. */
  private static boolean implementsInterfaceMethod(
      Method method,
      Map<String, List<Method>> interfaceMethods,
      Map<TypeVariable<?>, Type> bindings) {
    Class<?>[] parameters = method.getParameterTypes();
    for (Method candidate : interfaceMethods.getOrDefault(method.getName(), List.of())) {
      if (candidate.getParameterCount() != parameters.length) {
        continue;
      }
      Type[] generic = candidate.getGenericParameterTypes();
      boolean same = true;
      for (int i = 0; i < parameters.length && same; i++) {
        same =
            candidate.getParameterTypes()[i] == parameters[i]
                || GenericTypes.rawClass(GenericTypes.resolve(generic[i], bindings))
                    == parameters[i];
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  private static String signature(Method method) {
    return method.getName() + Arrays.toString(method.getParameterTypes());
  }

  private static boolean isObjectMethod(Method method) {
    try {
      Object.class.getMethod(method.getName(), method.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
