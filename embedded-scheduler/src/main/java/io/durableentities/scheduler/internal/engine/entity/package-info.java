/**
 * What requests do to entities: signals (with the dedup window), batch completions and abandons,
 * redelivery and poison operations, critical sections (lock requests and unlocks, processed before
 * each commit), storage cleaning, the entity reads, and the entities a file store holds that memory
 * does not ({@link io.durableentities.scheduler.internal.engine.entity.StoredEntities}).
 *
 * <p>Owns: no state of its own; each call gets the {@code EngineState} it works on as a parameter.
 * May touch: {@code state}, {@code write} (its context and statuses) and the store. It reaches
 * orchestrations only through {@link
 * io.durableentities.scheduler.internal.engine.entity.OrchestrationMessages}, which the {@code
 * orchestration} package implements, so the dependency goes one way.
 */
package io.durableentities.scheduler.internal.engine.entity;
