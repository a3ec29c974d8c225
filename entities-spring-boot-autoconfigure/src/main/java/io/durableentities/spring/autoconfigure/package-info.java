/**
 * The Spring Boot auto-configurations of Durable Entities: {@link
 * io.durableentities.spring.autoconfigure.DurableEntitiesAutoConfiguration} (connection, clients,
 * worker and its lifecycle) and the health indicators of Spring Boot 3 ({@link
 * io.durableentities.spring.autoconfigure.DurableHealthAutoConfiguration}) and Spring Boot 4
 * ({@link io.durableentities.spring.autoconfigure.DurableBoot4HealthAutoConfiguration}).
 */
package io.durableentities.spring.autoconfigure;
