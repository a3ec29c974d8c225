/**
 * What requests do to orchestration instances: creation and the id reuse policy, the inbox and
 * durable timers, history, orchestrator and activity completions with everything their actions emit
 * (entity messages among them), the end of an execution (locks released, parent notified),
 * termination, suspension, purge, the waiting calls and the orchestration reads.
 *
 * <p>Owns: the waiting calls ({@link
 * io.durableentities.scheduler.internal.engine.orchestration.Waiters}, which outlive a reload);
 * otherwise each call gets the {@code EngineState} as a parameter. May touch: {@code state}, {@code
 * write}, {@code entity} (to queue entity messages and release locks) and the store.
 */
package io.durableentities.scheduler.internal.engine.orchestration;
