/**
 * The engine of the embedded scheduler, reached only through {@link
 * io.durableentities.scheduler.internal.engine.EngineFacade} (and the records it answers with): the
 * gRPC service and the dashboard use nothing else.
 *
 * <p>Owns: the wiring ({@link io.durableentities.scheduler.internal.engine.Engine}, one object per
 * part, built once), recovery after a failed write, the maintenance schedule and the seams a test
 * drives ({@link io.durableentities.scheduler.internal.engine.EngineSeams}), and the dashboard's
 * reads. May touch every engine package below; none of them touches this one.
 *
 * <p>The packages below, by concern: {@code state} (what memory holds, changed only under the
 * writer lock), {@code write} (the group-commit writer), {@code load} (a state from the store),
 * {@code entity} and {@code orchestration} (what requests do to the state), {@code dispatch} (work
 * items to streams). Internals: no compatibility promise.
 */
package io.durableentities.scheduler.internal.engine;
