/**
 * Work items to workers: the registry of open {@code GetWorkItems} streams (which outlive a reload
 * of the state) and the dispatchers that send ready entity batches, orchestrator and activity work
 * items to the streams that take them, under leases; and the warnings about work that waits for a
 * name no connected stream takes ({@link
 * io.durableentities.scheduler.internal.engine.dispatch.UnhostedWork}).
 *
 * <p>Owns: the set of open streams. Reads the ready indexes of a {@code HubState} and records
 * leases through it. May touch: {@code state}; no other engine package (ending leases is the
 * business of {@code entity} and {@code orchestration}).
 */
package io.durableentities.scheduler.internal.engine.dispatch;
