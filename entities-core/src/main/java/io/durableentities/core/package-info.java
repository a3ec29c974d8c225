/**
 * Durable entities: the programming model, entity ids, the data converter and the in-memory tester.
 *
 * <p>An entity is a small piece of durable state with operations, addressed by an {@link
 * io.durableentities.core.EntityInstanceId} ({@code @name@key}). Each operation is a transaction:
 * state changes and side effects (signals, orchestration starts) are kept only if it succeeds.
 *
 * <h2>Define an entity</h2>
 *
 * <pre>{@code
 * public interface Counter {
 *   void add(long amount);
 *   long get();
 * }
 *
 * public final class CounterEntity extends TaskEntity<Long> implements Counter {
 *   public void add(long amount) { state += amount; }
 *   public long get() { return state; }
 * }
 * }</pre>
 *
 * <h2>Test it in memory</h2>
 *
 * <pre>{@code
 * EntityTester<Long> tester = EntityTester.of(CounterEntity::new, "c1");
 * tester.call("add", 5);
 * assertThat(tester.call("get")).isEqualTo(5L);
 * }</pre>
 *
 * <h2>Run it</h2>
 *
 * <p>This module has no transport: the worker that hosts entities against a scheduler and the
 * client that signals them are in {@code entities-client} (package {@code
 * io.durableentities.client}), so a project that only tests its entities needs nothing beyond
 * Jackson.
 *
 * <p>{@link io.durableentities.core.TaskEntity} documents the dispatch rules, {@link
 * io.durableentities.core.EntityInterfaceMetadata} the rules for entity interfaces, and {@link
 * io.durableentities.core.Entity} the low-level form. Parameters and results are non-null unless
 * documented otherwise.
 */
package io.durableentities.core;
