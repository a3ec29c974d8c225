/**
 * The group-commit writer: the one thread that changes the store and the engine's memory, in groups
 * of requests that share one transaction and one fsync, and the statuses storage failures are
 * answered with ({@link io.durableentities.scheduler.internal.engine.write.StorageFailures}).
 *
 * <p>Owns: the queue of submitted work and the group in progress. A piece that fails before it
 * changed anything fails alone; any other failure rolls the group back and hands recovery to the
 * engine ({@link io.durableentities.scheduler.internal.engine.write.GroupCommitWriter.Hooks}). May
 * touch: {@code state} (the writer lock and the state handed to each piece); nothing else of the
 * engine.
 */
package io.durableentities.scheduler.internal.engine.write;
