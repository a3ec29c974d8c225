package io.durableentities.orchestration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an activity class the name it is registered and called by, instead of its class simple
 * name.
 *
 * <pre>{@code
 * @ActivityName("Notify")
 * public final class NotifyByMail implements Activity { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActivityName {

  /**
   * The activity name.
   *
   * @return the name, not blank
   */
  String value();
}
