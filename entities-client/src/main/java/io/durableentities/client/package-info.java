/**
 * Runs entities against a scheduler and talks to them: the worker, the client, connection strings
 * and their credentials.
 *
 * <p>The embedded scheduler, the Durable Task Scheduler emulator and the Azure Durable Task
 * Scheduler are all reached with a connection string:
 *
 * <pre>{@code
 * String connection = "Endpoint=http://localhost:8080;Authentication=None";   // or a DTS endpoint
 * try (DurableWorker worker = DurableWorker.newBuilder(connection).entity(CounterEntity.class).start();
 *      DurableClient client = DurableClient.connect(connection)) {
 *   EntityInstanceId id = EntityInstanceId.of(Counter.class, "c1");   // @counter@c1
 *   client.entities().signal(Counter.class, id).add(5);               // durable, one-way
 *   long value = client.entities().call(Counter.class, id).get();     // a call (orchestration-bridge)
 *   Optional<EntityMetadata<Long>> counter = client.entities().get(id, Long.class);
 * }
 * }</pre>
 *
 * <p>{@link io.durableentities.client.ConnectionString} documents the connection string keys and
 * the Entra ID credentials they select; {@link io.durableentities.client.DurableWorker} how work
 * items are run, abandoned and drained; {@link io.durableentities.client.EntityClient} the client
 * calls and their retries. The entity model itself ({@code TaskEntity}, {@code EntityInstanceId},
 * {@code EntityTester}) is in {@code io.durableentities.core}, which this module depends on.
 * Parameters and results are non-null unless documented otherwise.
 */
package io.durableentities.client;
