package io.durableentities.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an entity class an explicit entity name, instead of the name {@link EntityNames#of} derives
 * from the class name.
 *
 * <pre>{@code
 * @EntityName("wallet")
 * public final class AccountEntity extends TaskEntity<Long> implements Account { ... }
 * }</pre>
 *
 * <p>The value is lower-cased; it must not be blank nor contain {@code @}.
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
