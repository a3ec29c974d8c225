package io.durableentities.core;

import java.util.Locale;
import java.util.Objects;

/**
 * Derives the entity name of an entity class.
 *
 * <p>The name is the {@link EntityName} value when the class carries one; otherwise the simple
 * class name without a trailing {@code Entity}, lower-cased: {@code AccountEntity} becomes {@code
 * account}, {@code Counter} becomes {@code counter}. For entity <em>interfaces</em> ({@link
 * #ofInterface}) the name is the {@link EntityName} value, else the simple interface name
 * lower-cased: {@code Account} becomes {@code account}.
 */
public final class EntityNames {

  private static final String SUFFIX = "Entity";

  private EntityNames() {}

  /**
   * Returns the entity name of a class.
   *
   * @param entityClass the entity class
   * @return the lower-cased entity name
   * @throws InvalidEntityInterfaceException if the annotation value is blank or contains {@code @},
   *     or the class has no usable name (anonymous, lambda or synthetic classes)
   */
  public static String of(Class<?> entityClass) {
    Objects.requireNonNull(entityClass, "entityClass");
    EntityName annotation = entityClass.getAnnotation(EntityName.class);
    if (annotation != null) {
      String value = annotation.value();
      if (value.isBlank() || value.indexOf('@') >= 0) {
        throw new InvalidEntityInterfaceException(
            "@EntityName(\""
                + value
                + "\") on "
                + entityClass.getName()
                + " is not a valid entity name: it must not be blank nor contain '@'; fix the"
                + " annotation value");
      }
      return value.toLowerCase(Locale.ROOT);
    }
    String simpleName = entityClass.getSimpleName();
    if (entityClass.isAnonymousClass()
        || entityClass.isHidden()
        || entityClass.isSynthetic()
        || simpleName.isEmpty()) {
      throw new InvalidEntityInterfaceException(
          "Cannot derive an entity name from "
              + entityClass.getName()
              + ": anonymous, lambda and synthetic classes have no usable name; annotate a named"
              + " class with @EntityName or register the entity under an explicit name");
    }
    String name =
        simpleName.endsWith(SUFFIX) && simpleName.length() > SUFFIX.length()
            ? simpleName.substring(0, simpleName.length() - SUFFIX.length())
            : simpleName;
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the entity name for an entity interface, used when a client signals {@code
   * signal(Account.class, "acct-1")}: the {@link EntityName} value on the interface when present,
   * else the simple interface name lower-cased.
   *
   * @param entityInterface the entity interface
   * @return the lower-cased entity name
   * @throws InvalidEntityInterfaceException if the annotation value is blank or contains {@code @}
   */
  public static String ofInterface(Class<?> entityInterface) {
    Objects.requireNonNull(entityInterface, "entityInterface");
    if (entityInterface.isAnnotationPresent(EntityName.class)) {
      return of(entityInterface);
    }
    return entityInterface.getSimpleName().toLowerCase(Locale.ROOT);
  }
}
