/**
 * The embedded scheduler: a Durable Task sidecar backend for orchestrations, activities and
 * entities, persisted in SQLite.
 *
 * <p>Start it in-process on a free port and point a worker and a client at {@link
 * io.durableentities.scheduler.EmbeddedScheduler#connectionString()}:
 *
 * <pre>{@code
 * try (EmbeddedScheduler scheduler = EmbeddedScheduler.start(
 *     SchedulerOptions.newBuilder().inMemory().build())) {
 *   String connection = scheduler.connectionString(); // Endpoint=http://localhost:<port>;Authentication=None
 *   ...
 * }
 * }</pre>
 *
 * <p>or run it as a process: {@code java -jar embedded-scheduler.jar --port 8080} (see {@link
 * io.durableentities.scheduler.SchedulerMain}).
 */
package io.durableentities.scheduler;
