package io.durableentities.orchestration;

/**
 * An activity: a unit of ordinary (non-deterministic, I/O-doing) work that an orchestration
 * schedules with {@link OrchestrationContext#callActivity}. Its result, or its failure, is recorded
 * in the orchestration's history, so it runs at least once per scheduling and its outcome is
 * replayed, never recomputed.
 *
 * <p>Register it by name with {@link Orchestrations.Builder#activity(Activity)}: the name is the
 * {@link ActivityName} value or else the class simple name.
 *
 * <pre>{@code
 * @ActivityName("Notify")
 * public final class Notify implements Activity {
 *   public Object run(ActivityContext ctx) {
 *     TransferRequest request = ctx.input(TransferRequest.class);
 *     return mailer.send(request.owner(), "transfer done");
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Activity {

  /**
   * Runs the activity.
   *
   * @param ctx the activity context: name, instance, task id and input
   * @return the result, serialized with the registry's data converter; may be null
   * @throws Exception to fail the activity; the calling orchestration receives a {@link
   *     TaskFailedException} with the failure details
   */
  Object run(ActivityContext ctx) throws Exception;
}
