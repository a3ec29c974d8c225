/**
 * Orchestration unit tests in memory: {@link
 * io.durableentities.testing.orchestration.OrchestrationTester} runs one orchestration with its
 * activities, entities and sub-orchestrations replaced by test doubles, on a virtual clock, through
 * the worker's own replay executor; {@link
 * io.durableentities.testing.orchestration.OrchestrationRun} holds its outcome and what it did
 * (activity calls, entity calls and signals, locks, timers, sub-orchestrations, events awaited).
 *
 * <pre>{@code
 * OrchestrationRun run = OrchestrationTester.of(new Approval())
 *     .activity("Notify", String.class, to -> "sent")
 *     .raiseEvent("Approved", true, Duration.ofDays(2))   // two virtual days in
 *     .run("order-1");
 * assertThat(run.output(String.class)).isEqualTo("approved");
 * assertThat(run.currentTime()).isEqualTo(OrchestrationTester.DEFAULT_START_TIME.plus(Duration.ofDays(2)));
 * }</pre>
 *
 * <p>Use it for an orchestration's logic; use {@code DurableTestEnvironment} (in {@code
 * io.durableentities.testing}) to run orchestrations, entities and activities together on an
 * in-memory scheduler.
 */
package io.durableentities.testing.orchestration;
