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
 * Marks a class as an activity for the worker: component scanning makes it a prototype bean, and
 * the worker gets one from Spring each time it needs one, with its dependencies injected.
 *
 * <pre>{@code
 * @DurableActivity
 * public class SendReceipt implements Activity {
 *   private final MailSender mail;                 // injected by Spring
 *   ...
 * }
 * }</pre>
 *
 * <p>The bean is a prototype, so each execution gets a new object. The activity name is the
 * {@code @ActivityName} value or the class simple name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface DurableActivity {}
