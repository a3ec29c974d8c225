package io.durableentities.proxy.internal;

import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.InvalidEntityInterfaceException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * What an interface needs, beyond {@link EntityInterfaceMetadata}'s rules, for a proxy class to
 * implement it. Each violation is reported when the proxy is created, naming the interface, the
 * method and the fix.
 */
final class ProxyRules {

  private ProxyRules() {}

  /**
   * Checks that a class can implement the interface.
   *
   * @param entityInterface the interface, valid per its metadata
   * @param metadata its metadata
   * @throws InvalidEntityInterfaceException if not
   */
  static void check(Class<?> entityInterface, EntityInterfaceMetadata metadata) {
    String name = entityInterface.getName();
    if (entityInterface.isSealed()) {
      throw new InvalidEntityInterfaceException(
          "Cannot create a proxy for entity interface "
              + name
              + ": it is sealed, so only its permitted subclasses may implement it; remove"
              + " 'sealed' and 'permits' from the interface");
    }
    if (entityInterface.isHidden()) {
      throw new InvalidEntityInterfaceException(
          "Cannot create a proxy for entity interface "
              + name
              + ": it is a hidden class, which no other class can implement; declare it as an"
              + " ordinary interface");
    }
    for (Method method : entityInterface.getMethods()) {
      if (Modifier.isAbstract(method.getModifiers())
          && metadata.findOperation(method).isEmpty()
          && !isValueMethod(method)) {
        throw new InvalidEntityInterfaceException(
            "Cannot create a proxy for entity interface "
                + name
                + ": it inherits the abstract method "
                + method.getDeclaringClass().getName()
                + "."
                + method.getName()
                + ", which is not an entity operation (methods of java.* and javax.* interfaces"
                + " are not operations), so the proxy could not implement it; remove "
                + method.getDeclaringClass().getName()
                + " from the super-interfaces of "
                + entityInterface.getSimpleName()
                + ", or implement "
                + method.getName()
                + " as a default method in "
                + entityInterface.getSimpleName());
      }
    }
  }

  /**
   * Tells why a class in another package and class loader could not implement the interface.
   *
   * @param entityInterface the interface
   * @param metadata its metadata
   * @return the non-public type that is in the way, described; null when everything is public
   */
  static String inaccessible(Class<?> entityInterface, EntityInterfaceMetadata metadata) {
    String problem = notPublic(entityInterface, "it");
    if (problem != null) {
      return problem;
    }
    for (Method method : entityInterface.getMethods()) {
      if (!Modifier.isAbstract(method.getModifiers())) {
        continue;
      }
      problem = notPublic(method.getReturnType(), method.getName() + "'s result type");
      for (Class<?> parameter : method.getParameterTypes()) {
        if (problem == null) {
          problem = notPublic(parameter, method.getName() + "'s parameter type");
        }
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /**
   * The error when neither way of defining the proxy class works.
   *
   * @param entityInterface the interface
   * @param problem what is not public
   * @return the exception to throw
   */
  static InvalidEntityInterfaceException notAccessible(Class<?> entityInterface, String problem) {
    String packageName = entityInterface.getPackageName();
    return new InvalidEntityInterfaceException(
        "Cannot create a proxy for entity interface "
            + entityInterface.getName()
            + ": "
            + problem
            + ", and entities-proxy cannot define classes in package '"
            + packageName
            + "' (its module does not open the package to entities-proxy, or its class loader"
            + " does not see entities-core); make the types public, or open the package (in"
            + " module-info.java: opens "
            + packageName
            + ";)");
  }

  private static String notPublic(Class<?> type, String role) {
    while (type.isArray()) {
      type = type.getComponentType();
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return role
            + " "
            + type.getName()
            + (t == type ? " is not public" : " is nested in non-public " + t.getName());
      }
    }
    return null;
  }

  static boolean isValueMethod(Method method) {
    return switch (method.getName()) {
      case "equals" ->
          method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class;
      case "hashCode", "toString" -> method.getParameterCount() == 0;
      default -> false;
    };
  }
}
