package io.durableentities.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * Marks a class as an entity ({@code TaskEntity} or {@code Entity}) for the worker: component
 * scanning makes it a prototype bean, and the worker gets one from Spring each time it needs one,
 * with its dependencies injected.
 *
 * <pre>{@code
 * @DurableEntity
 * public class AccountEntity extends TaskEntity<Long> implements Account {
 *   private final FeeSchedule fees;                // injected by Spring
 *
 *   public AccountEntity(FeeSchedule fees) {
 *     this.fees = fees;
 *   }
 *   ...
 * }
 * }</pre>
 *
 * <p>The worker needs a new entity object for every batch, so entity beans must not be singletons;
 * this annotation makes the bean a prototype. The entity name is the one {@code EntityNames.of}
 * derives from the class ({@code @EntityName} or the class name without {@code Entity},
 * lower-cased).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface DurableEntity {}
