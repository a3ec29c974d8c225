/**
 * Loading an {@link io.durableentities.scheduler.internal.engine.state.EngineState} from the store:
 * on start and after every failed write. Only reads (so that it works on a full disk).
 *
 * <p>Owns: nothing beyond the load in progress. May touch: {@code state} and the store; no other
 * engine package.
 */
package io.durableentities.scheduler.internal.engine.load;
