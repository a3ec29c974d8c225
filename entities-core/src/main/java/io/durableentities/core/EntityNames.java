package io.durableentities.core;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one rule that names entities, so that an entity interface and the class implementing it
 * always address the same entity: a client's {@code signal(Counter.class, "c1")}, {@code
 * EntityInstanceId.of(Counter.class, "c1")} and a worker's {@code entity(CounterEntity.class)} all
 * mean {@code @counter@c1}.
 *
 * <h2>The rule</h2>
 *
 * <ol>
 *   <li><b>An entity interface</b> is named by its {@link EntityName} annotation, else by its
 *       simple name without a trailing {@code Entity}, lower-cased: {@code Counter} becomes {@code
 *       counter}.
 *   <li><b>An entity class</b> is named by its {@link EntityName} annotation, else by the name of
 *       the entity interfaces it implements (directly, or through a superclass), else by its simple
 *       name without a trailing {@code Entity}, lower-cased: {@code CashBoxEntity implements Purse}
 *       is named {@code purse}; {@code CounterEntity} with no entity interface is named {@code
 *       counter}.
 * </ol>
 *
 * <p>Entity interfaces are the interfaces with at least one abstract method, outside the {@code
 * java.*} and {@code javax.*} packages and other than {@link Entity} (the same ones whose methods
 * are operations, see {@link TaskEntity}). The name is lower-cased with {@link Locale#ROOT}.
 *
 * <h2>When names cannot agree</h2>
 *
 * A class whose {@link EntityName} differs from the name of an entity interface it implements, or
 * that implements two entity interfaces with different names, is rejected with {@link
 * InvalidEntityInterfaceException} when it is named (when a worker registers it, a tester is made,
 * or an id is made from it): a proxy of that interface would address an entity no worker hosts. Put
 * the {@link EntityName} on the interface instead. To host one interface under several names (two
 * classes implementing {@code Account}), register each class under an explicit name ({@code
 * DurableWorker.Builder.entity(String, Supplier)}) and address it with explicit ids ({@link
 * EntityInstanceId#of(String, String)}).
 */
public final class EntityNames {

  private static final String SUFFIX = "Entity";

  private EntityNames() {}

  /**
   * Returns the entity name of an entity interface or class, following the rule in the class
   * documentation.
   *
   * @param type the entity interface or class
   * @return the lower-cased entity name
   * @throws InvalidEntityInterfaceException if the annotation value is blank or contains {@code @},
   *     the type has no usable name (anonymous, lambda or synthetic classes, or a type of the JDK
   *     or of this library), or a class and its entity interfaces name the entity differently
   */
  public static String of(Class<?> type) {
    Objects.requireNonNull(type, "type");
    if (isPlatformType(type)) {
      throw new InvalidEntityInterfaceException(
          "No entity name rule covers "
              + type.getName()
              + ": it is a type of the JDK or Durable Entities' Entity or TaskEntity, not an entity"
              + " interface or class; pass your entity interface (such as Counter.class) or entity"
              + " class");
    }
    String annotated = annotated(type);
    if (type.isInterface()) {
      return annotated != null ? annotated : derived(type);
    }
    Map<String, Class<?>> byName = interfaceNames(type);
    if (annotated != null) {
      for (Map.Entry<String, Class<?>> entry : byName.entrySet()) {
        if (!entry.getKey().equals(annotated)) {
          throw new InvalidEntityInterfaceException(
              "Entity class "
                  + type.getName()
                  + " is named '"
                  + annotated
                  + "' by @EntityName, but implements entity interface "
                  + entry.getValue().getName()
                  + ", whose entity name is '"
                  + entry.getKey()
                  + "': a proxy of "
                  + entry.getValue().getSimpleName()
                  + " would address @"
                  + entry.getKey()
                  + "@<key>, which no worker hosts. Put @EntityName(\""
                  + annotated
                  + "\") on "
                  + entry.getValue().getSimpleName()
                  + " (the class then needs none), or register the class under an explicit"
                  + " name (DurableWorker.Builder.entity(String, Supplier)) and address it with"
                  + " EntityInstanceId.of(String, String)");
        }
      }
      return annotated;
    }
    if (byName.size() > 1) {
      List<String> described = new ArrayList<>();
      byName.forEach((name, iface) -> described.add(iface.getSimpleName() + " ('" + name + "')"));
      throw new InvalidEntityInterfaceException(
          "Entity class "
              + type.getName()
              + " implements entity interfaces that name the entity differently: "
              + String.join(", ", described)
              + "; a proxy of each would address a different entity. Give them one name: put the"
              + " same @EntityName(\"...\") on each interface");
    }
    if (byName.size() == 1) {
      return byName.keySet().iterator().next();
    }
    return derived(type);
  }

  /** The validated, lower-cased {@link EntityName} value of a type, or null. */
  private static String annotated(Class<?> type) {
    EntityName annotation = type.getAnnotation(EntityName.class);
    if (annotation == null) {
      return null;
    }
    String value = annotation.value();
    if (value.isBlank() || value.indexOf('@') >= 0) {
      throw new InvalidEntityInterfaceException(
          "@EntityName(\""
              + value
              + "\") on "
              + type.getName()
              + " is not a valid entity name: it must not be blank nor contain '@'; fix the"
              + " annotation value");
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** The simple name without a trailing {@code Entity}, lower-cased. */
  private static String derived(Class<?> type) {
    String simpleName = type.getSimpleName();
    if (type.isAnonymousClass() || type.isHidden() || type.isSynthetic() || simpleName.isEmpty()) {
      throw new InvalidEntityInterfaceException(
          "Cannot derive an entity name from "
              + type.getName()
              + ": anonymous, lambda and synthetic classes have no usable name; annotate a named"
              + " class with @EntityName or register the entity under an explicit name");
    }
    String name =
        simpleName.endsWith(SUFFIX) && simpleName.length() > SUFFIX.length()
            ? simpleName.substring(0, simpleName.length() - SUFFIX.length())
            : simpleName;
    return name.toLowerCase(Locale.ROOT);
  }

  /** The names of the entity interfaces a class implements directly or via superclasses. */
  private static Map<String, Class<?>> interfaceNames(Class<?> type) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Class<?> candidate : c.getInterfaces()) {
        if (isEntityInterface(candidate)) {
          byName.putIfAbsent(of(candidate), candidate);
        }
      }
    }
    return byName;
  }

  private static boolean isEntityInterface(Class<?> type) {
    if (isPlatformType(type)) {
      return false;
    }
    for (Method method : type.getMethods()) {
      if (Modifier.isAbstract(method.getModifiers())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPlatformType(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || type == Entity.class
        || type == TaskEntity.class
        || (type.isInterface() && Entity.class.isAssignableFrom(type));
  }
}
