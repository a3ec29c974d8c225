/**
 * Test support for durable entities and orchestrations: {@link
 * io.durableentities.testing.DurableTestEnvironment} runs the back end, a worker with the entities,
 * orchestrations and activities under test, and the clients in this process, on a virtual clock;
 * {@link io.durableentities.testing.DurableTestExtension} gives each JUnit 5 test a fresh one. Add
 * {@code io.durableentities:entities-testing} with {@code <scope>test</scope>}; it needs no Docker.
 *
 * <h2>Where durable time lives</h2>
 *
 * <p>Every durable time is the back end's clock, which is virtual here: durable timers, retry
 * delays and event timeouts (the orchestration bridge makes all three durable timers, due at the
 * orchestration's current time plus the delay), scheduled signals, scheduled starts, lease expiry,
 * the dedup window and entity {@code lastModified}. An orchestration's {@code
 * ctx.currentUtcDateTime()} is the timestamp the back end writes into each work item, so it is
 * virtual too. Not virtual: {@code client.entities().signalAfter(...)} computes its delivery time
 * from the wall clock in the client (in a test, schedule with {@code signal(type, id,
 * env.currentTime().plus(delay))}); request times and operation start/end times the worker and
 * clients attach (metadata, not read back by the back end); {@code Instant.now()} in your own code;
 * and every timeout of a call or wait, which stays real time, so a test that waits for something
 * that never happens still fails.
 *
 * <h2>When time moves</h2>
 *
 * <ul>
 *   <li><b>Automatically, only while the test waits</b> through the environment's clients: while a
 *       call waits for an orchestration ({@code waitForCompletion}, {@code waitForStart}) or an
 *       entity call waits for its answer. The clock never moves while the test thread runs its own
 *       code, so the test is never raced by it.
 *   <li><b>Only when the back end is idle</b>: nothing ready to dispatch (whether or not a worker
 *       takes it), no work item leased to the worker and not yet completed, nothing being
 *       committed. Then it jumps to the earliest due timer (or stays, when there is none), and what
 *       became due runs before the next jump. The decision is made on the back end's writer thread
 *       between two commits, so nothing changes between "idle" and the jump.
 *   <li><b>By hand</b>: {@link io.durableentities.testing.DurableTestEnvironment#advance} moves it
 *       through each due timer up to a target; {@link
 *       io.durableentities.testing.DurableTestEnvironment#runUntilIdle()} runs what can run now;
 *       {@link io.durableentities.testing.DurableTestEnvironment#holdClock()} stops automatic
 *       skipping until closed.
 * </ul>
 */
package io.durableentities.testing;
