/**
 * Durable Entities in a Spring Boot application: the {@code durable.*} properties and the
 * stereotypes that make entities, orchestrations and activities beans.
 *
 * <p>With {@code entities-spring-boot-starter} on the class path, the application gets a {@code
 * DurableClient}, its {@code EntityClient}, an {@code OrchestrationClient} and a {@code
 * DurableWorker} that hosts every bean of type {@code Entity}, {@code Orchestration} and {@code
 * Activity}:
 *
 * <pre>{@code
 * @DurableEntity
 * public class AccountEntity extends TaskEntity<Long> implements Account { ... }
 *
 * @RestController
 * class AccountController {
 *   private final OrchestrationClient orchestrations;
 *   AccountController(OrchestrationClient orchestrations) { this.orchestrations = orchestrations; }
 *   ...
 * }
 * }</pre>
 *
 * <p>Without a connection string the scheduler runs embedded in the application; {@code
 * docs/spring-boot.md} has the property reference.
 */
package io.durableentities.spring;
