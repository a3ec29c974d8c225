package io.durableentities.core.internal;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Small helpers over {@link java.lang.reflect.Type}: type-variable bindings seen from a class,
 * resolution of variables, raw classes and readable names.
 */
public final class GenericTypes {

  private GenericTypes() {}

  /**
   * Collects the type-variable bindings visible from a class: for {@code class A extends B<Long>}
   * and {@code class B<T> implements C<List<T>>}, binds B's {@code T} to {@code Long} and C's
   * parameter to {@code List<Long>}.
   *
   * @param type the class to look from
   * @return the bindings, resolved as far as the class determines them
   */
  public static Map<TypeVariable<?>, Type> bindings(Class<?> type) {
    Objects.requireNonNull(type, "type");
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    collect(type, bindings, new HashSet<>());
    return bindings;
  }

  private static void collect(
      Class<?> type, Map<TypeVariable<?>, Type> bindings, Set<Class<?>> visited) {
    if (type == null || !visited.add(type)) {
      return;
    }
    visit(type.getGenericSuperclass(), bindings, visited);
    for (Type superInterface : type.getGenericInterfaces()) {
      visit(superInterface, bindings, visited);
    }
  }

  private static void visit(Type type, Map<TypeVariable<?>, Type> bindings, Set<Class<?>> visited) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = parameterized.getActualTypeArguments();
      for (int i = 0; i < variables.length && i < arguments.length; i++) {
        bindings.putIfAbsent(variables[i], resolve(arguments[i], bindings));
      }
      collect(raw, bindings, visited);
    } else if (type instanceof Class<?> raw) {
      collect(raw, bindings, visited);
    }
  }

  /**
   * Replaces the bound type variables in a type.
   *
   * @param type the type, may be null
   * @param bindings variable bindings, as from {@link #bindings(Class)}
   * @return the resolved type; unbound variables stay as they are
   */
  public static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      Type bound = bindings.get(variable);
      return bound == null ? variable : bound;
    }
    if (type instanceof ParameterizedType parameterized) {
      Type[] arguments = parameterized.getActualTypeArguments();
      Type[] resolved = new Type[arguments.length];
      boolean changed = false;
      for (int i = 0; i < arguments.length; i++) {
        resolved[i] = resolve(arguments[i], bindings);
        changed |= resolved[i] != arguments[i];
      }
      return changed
          ? new ResolvedParameterizedType(
              (Class<?>) parameterized.getRawType(), parameterized.getOwnerType(), resolved)
          : parameterized;
    }
    if (type instanceof GenericArrayType array) {
      Type component = resolve(array.getGenericComponentType(), bindings);
      if (component instanceof Class<?> raw) {
        return Array.newInstance(raw, 0).getClass();
      }
      return component == array.getGenericComponentType()
          ? array
          : new ResolvedGenericArrayType(component);
    }
    return type;
  }

  /**
   * Returns the raw class of a type: the class itself, the raw type of a parameterized type, the
   * first bound of a type variable or wildcard.
   *
   * @param type the type
   * @return its raw class
   */
  public static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> raw) {
      return raw;
    }
    if (type instanceof ParameterizedType parameterized) {
      return (Class<?>) parameterized.getRawType();
    }
    if (type instanceof GenericArrayType array) {
      return Array.newInstance(rawClass(array.getGenericComponentType()), 0).getClass();
    }
    if (type instanceof TypeVariable<?> variable) {
      return rawClass(variable.getBounds()[0]);
    }
    if (type instanceof WildcardType wildcard) {
      return rawClass(wildcard.getUpperBounds()[0]);
    }
    return Object.class;
  }

  /**
   * Tells whether a type still mentions a type variable.
   *
   * @param type the type
   * @return whether it contains an unresolved type variable
   */
  public static boolean hasVariables(Type type) {
    if (type instanceof TypeVariable<?>) {
      return true;
    }
    if (type instanceof ParameterizedType parameterized) {
      return Arrays.stream(parameterized.getActualTypeArguments())
          .anyMatch(GenericTypes::hasVariables);
    }
    if (type instanceof GenericArrayType array) {
      return hasVariables(array.getGenericComponentType());
    }
    return false;
  }

  /**
   * Returns a short readable name for messages: simple class names, type arguments kept, such as
   * {@code List<Map<String, Instant>>}.
   *
   * @param type the type
   * @return its short name
   */
  public static String describe(Type type) {
    if (type instanceof Class<?> raw) {
      return raw.isArray() ? describe(raw.getComponentType()) + "[]" : raw.getSimpleName();
    }
    if (type instanceof ParameterizedType parameterized) {
      return describe(parameterized.getRawType())
          + Arrays.stream(parameterized.getActualTypeArguments())
              .map(GenericTypes::describe)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof GenericArrayType array) {
      return describe(array.getGenericComponentType()) + "[]";
    }
    return type.getTypeName();
  }

  private record ResolvedParameterizedType(Class<?> raw, Type owner, Type[] arguments)
      implements ParameterizedType {

    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ParameterizedType that
          && raw.equals(that.getRawType())
          && Objects.equals(owner, that.getOwnerType())
          && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // Same formula as the JDK's implementation, so that equal types hash equally.
      return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return raw.getName()
          + Arrays.stream(arguments)
              .map(Type::getTypeName)
              .collect(Collectors.joining(", ", "<", ">"));
    }
  }

  private record ResolvedGenericArrayType(Type component) implements GenericArrayType {

    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof GenericArrayType that
          && component.equals(that.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return component.getTypeName() + "[]";
    }
  }
}
