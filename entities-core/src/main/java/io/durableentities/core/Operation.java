package io.durableentities.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an entity operation a name other than its method name.
 *
 * <pre>{@code
 * public interface Account {
 *   @Operation("add") void deposit(long cents);   // the operation is called "add"
 * }
 * }</pre>
 *
 * <p>Operation names are matched case-insensitively; the value must not be blank.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Operation {

  /**
   * The operation name.
   *
   * @return the operation name, not blank
   */
  String value();
}
