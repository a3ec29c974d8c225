/**
 * The scheduler on a virtual clock, for the test environment of {@code entities-testing}: the one
 * internal package another module of this project uses. No compatibility promise.
 *
 * <p>{@link io.durableentities.scheduler.internal.testing.VirtualTimeScheduler} starts the engine
 * in memory with a clock that moves only when told, and answers on the engine's writer (so nothing
 * changes between the answer and the move) whether the engine is idle and what is due next. Moving
 * the clock runs the maintenance at the new time, which fires what became due. The policy (when to
 * move, how far) belongs to the test environment, not here.
 */
package io.durableentities.scheduler.internal.testing;
