/**
 * Durable orchestrations and activities on the Durable Task protocol, with entity calls, signals
 * and critical sections.
 *
 * <p>An {@link io.durableentities.orchestration.Orchestration} is ordinary Java code that is
 * replayed from its history: it schedules {@link io.durableentities.orchestration.Activity
 * activities}, sub-orchestrations, timers and entity operations through the {@link
 * io.durableentities.orchestration.OrchestrationContext}, and waits for them with {@link
 * io.durableentities.orchestration.Task#await()}.
 *
 * <pre>{@code
 * public final class Transfer implements Orchestration {
 *   public Object run(OrchestrationContext ctx) {
 *     TransferRequest t = ctx.input(TransferRequest.class);
 *     try (CriticalSection lock = ctx.entities().lockEntities(t.from(), t.to())) {
 *       Account from = ctx.entities().proxy(Account.class, t.from());
 *       Account to = ctx.entities().proxy(Account.class, t.to());
 *       from.withdraw(t.amount());     // a call: waits, and fails if the entity throws
 *       to.deposit(t.amount());
 *     }
 *     return ctx.callActivity("Notify", t, String.class).await();
 *   }
 * }
 *
 * Orchestrations registry = Orchestrations.newBuilder()
 *     .orchestration(new Transfer())
 *     .activity("Notify", ctx -> "sent")
 *     .build();
 * }</pre>
 *
 * <p>A {@link io.durableentities.client.DurableWorker} runs a registry through its extension point,
 * {@code .extension(OrchestrationWorker.of(registry))}; {@link
 * io.durableentities.orchestration.OrchestrationClient#of OrchestrationClient.of(durableClient)}
 * starts, watches and manages instances. With this module on the class path, the entity client also
 * makes calls with results ({@code durableClient.entities().call(Account.class, id).balance()}),
 * which every worker with this module carries by itself.
 *
 * <p>Orchestration code must be deterministic (see {@link
 * io.durableentities.orchestration.Orchestration}) and must never catch {@code Throwable} or {@code
 * Error}. Parameters and results are non-null unless documented otherwise.
 */
package io.durableentities.orchestration;
