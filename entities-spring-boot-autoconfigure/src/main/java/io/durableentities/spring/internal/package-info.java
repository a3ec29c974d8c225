/**
 * The parts of the Spring Boot integration with no compatibility promise: finding the application's
 * entities, orchestrations and activities, the worker's lifecycle, the scheduler choice and the
 * health check. Applications use {@code io.durableentities.spring} and the beans instead.
 */
package io.durableentities.spring.internal;
