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
 * Marks a class as an orchestration for the worker: component scanning makes it a prototype bean,
 * and the worker gets one from Spring each time it needs one, with its dependencies injected.
 *
 * <pre>{@code
 * @DurableOrchestration
 * @OrchestrationName("Transfer")
 * public class Transfer implements Orchestration { ... }
 * }</pre>
 *
 * <p>The bean is a prototype, so each execution (each replay included) gets a new object. The
 * orchestration name is the {@code @OrchestrationName} value or the class simple name. Its code
 * must stay deterministic: injected services may only be used through activities.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface DurableOrchestration {}
