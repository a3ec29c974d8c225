package io.durableentities.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an entity interface (or an entity class without one) an explicit entity name, instead of
 * the name {@link EntityNames#of} derives from the type's simple name. Put it on the interface: the
 * classes implementing it take their name from it, so proxies of the interface and workers hosting
 * the class agree.
 *
 * <pre>{@code
 * @EntityName("wallet")
 * public interface Purse { void charge(long cents); }
 *
 * public final class CashBoxEntity extends TaskEntity<Long> implements Purse { ... } // named wallet
 * }</pre>
 *
 * <p>The value is lower-cased; it must not be blank nor contain {@code @}. On a class that
 * implements an entity interface, it must equal the interface's name ({@link EntityNames} explains
 * the rule and the error).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EntityName {

  /**
   * The entity name.
   *
   * @return the entity name, not blank, without {@code @}
   */
  String value();
}
