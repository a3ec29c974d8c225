package io.durableentities.orchestration;

/**
 * A durable orchestration: code that calls activities, sub-orchestrations and entities, waits for
 * timers and events, and survives process restarts by being <em>replayed</em> from its history.
 *
 * <p>Register it by name with {@link Orchestrations.Builder#orchestration(Orchestration)}: the name
 * is the {@link OrchestrationName} value or else the class simple name.
 *
 * <h2>Determinism</h2>
 *
 * The runtime re-runs {@link #run} from the start each time new events arrive, and feeds back the
 * results recorded in history. The code must therefore make the same calls in the same order on
 * every run: take time from {@link OrchestrationContext#currentUtcDateTime()}, ids from {@link
 * OrchestrationContext#newUuid()}, and do I/O only in activities and entities. A replay that
 * diverges from the history fails the instance with a {@link
 * NonDeterministicOrchestrationException}.
 *
 * <p><strong>Never catch {@link Throwable} or {@link Error} in an orchestration:</strong> the
 * runtime ends an episode (when a task is not complete yet, on continue-as-new and on termination)
 * by throwing an internal {@code Error} through your code. Catching {@link Exception} (or {@link
 * TaskFailedException}) is fine.
 *
 * <pre>{@code
 * @OrchestrationName("Transfer")
 * public final class Transfer implements Orchestration {
 *   public Object run(OrchestrationContext ctx) {
 *     TransferRequest request = ctx.input(TransferRequest.class);
 *     String receipt = ctx.callActivity("Notify", request, String.class).await();
 *     return receipt;
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Orchestration {

  /**
   * Runs (or replays) the orchestration.
   *
   * @param ctx the orchestration context; the only source of time, ids and durable calls
   * @return the output of the orchestration, serialized with the registry's data converter; may be
   *     null
   * @throws Exception to fail the orchestration; the failure details record the exception
   */
  Object run(OrchestrationContext ctx) throws Exception;
}
