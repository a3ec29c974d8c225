package io.durableentities.orchestration.internal;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.FailureDetails;
import io.durableentities.orchestration.Orchestration;
import io.durableentities.orchestration.OrchestrationContext;

/**
 * The built-in orchestration behind client calls to entities ({@code client.entities().call(...)},
 * by name, through call proxies and handles): it calls one entity operation and returns its result,
 * or the entity's failure, to the client. The input and the result travel as JSON strings inside a
 * small envelope, so they are converted only by the client.
 */
public final class CallEntityOrchestration implements Orchestration {

  /** The name the orchestration is registered and started under. */
  public static final String NAME = "__durableentities.callEntity";

  /**
   * The input envelope.
   *
   * @param entity the entity id, {@code @name@key}
   * @param operation the operation name
   * @param input the serialized input, null for none
   */
  public record Request(String entity, String operation, String input) {}

  /**
   * The output envelope: the serialized result, or the failure the entity reported.
   *
   * @param output the serialized result, null for none
   * @param failure the entity's failure, null when the operation succeeded
   */
  public record Response(String output, FailureDetails failure) {}

  @Override
  public Object run(OrchestrationContext ctx) {
    Request request = ctx.input(Request.class);
    if (request == null || request.entity() == null || request.operation() == null) {
      throw new IllegalArgumentException(
          "The built-in orchestration "
              + NAME
              + " needs an input with the entity id and the operation; start it through"
              + " client.entities().call(...) only");
    }
    EntityInstanceId id = EntityInstanceId.parse(request.entity());
    EntityFeature entities = ((ReplayContext) ctx).entityFeature();
    try {
      Object output = entities.callRaw(id, request.operation(), request.input()).await();
      return new Response((String) output, null);
    } catch (EntityOperationFailedException e) {
      return new Response(null, e.failureDetails());
    }
  }
}
