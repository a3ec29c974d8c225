package io.durableentities.orchestration;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an orchestration class the name it is registered and called by, instead of its class simple
 * name.
 *
 * <pre>{@code
 * @OrchestrationName("Transfer")
 * public final class TransferV2 implements Orchestration { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OrchestrationName {

  /**
   * The orchestration name.
   *
   * @return the name, not blank
   */
  String value();
}
