/**
 * What the engine holds in memory, as explicit objects: {@link
 * io.durableentities.scheduler.internal.engine.state.EngineState} (one per load from the store) and
 * its per-hub aggregates ({@link io.durableentities.scheduler.internal.engine.state.HubState}:
 * entities, queues, locks, instances, activities, timers, leases and the ready indexes), plus the
 * work-item streams and the id and protobuf helpers they are keyed by.
 *
 * <p>Owns: every mutable field of that memory, each private. Rules: every mutator calls {@link
 * io.durableentities.scheduler.internal.engine.state.WriterLock#beforeChange()}, which refuses a
 * thread that does not hold the writer lock; readers take the lock and only read. An object keeps
 * its own indexes right (a hub recomputes an entity's readiness), so no caller edits another
 * object's collections. May touch: the store's row types, protobuf and gRPC types; no other engine
 * package.
 */
package io.durableentities.scheduler.internal.engine.state;
