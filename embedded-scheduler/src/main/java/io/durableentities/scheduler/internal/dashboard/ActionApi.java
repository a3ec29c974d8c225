package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.StringValue;
import io.durableentities.protocol.internal.CleanEntityStorageRequest;
import io.durableentities.protocol.internal.CleanEntityStorageResponse;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.protocol.internal.RaiseEventRequest;
import io.durableentities.protocol.internal.SignalEntityRequest;
import io.durableentities.protocol.internal.TerminateRequest;
import io.durableentities.scheduler.internal.engine.EngineFacade;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code POST /api/actions/...} requests, each through the same engine entry point as the gRPC
 * call it mirrors (so it is durable once answered): raise-event, suspend, resume, terminate, purge,
 * signal and clean-entity-storage.
 */
final class ActionApi {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long TIMEOUT_SECONDS = 30;

  private final EngineFacade engine;

  ActionApi(EngineFacade engine) {
    this.engine = engine;
  }

  /** Runs an action and answers {@code {ok: true, message, ...}}. */
  ObjectNode act(ApiCall call) throws IOException {
    String action = call.path.substring("actions/".length());
    JsonNode body = call.body();
    String hub = optionalText(body, "hub", "default");
    return switch (action) {
      case "raise-event" -> raiseEvent(hub, body);
      case "suspend" -> suspend(hub, body, true);
      case "resume" -> suspend(hub, body, false);
      case "terminate" -> terminate(hub, body);
      case "purge" -> purge(hub, body);
      case "signal" -> signal(hub, body);
      case "clean-entity-storage" -> clean(hub, body);
      default -> throw ApiError.notFound("No action POST /api/" + call.path);
    };
  }

  private ObjectNode raiseEvent(String hub, JsonNode body) {
    String id = text(body, "instanceId");
    String name = text(body, "name");
    RaiseEventRequest.Builder r = RaiseEventRequest.newBuilder().setInstanceId(id).setName(name);
    if (body.has("input")) {
      r.setInput(StringValue.of(json(body.get("input"))));
    }
    await(engine.raiseEvent(hub, r.build()));
    return ok("Raised event '" + name + "' on " + id);
  }

  private ObjectNode suspend(String hub, JsonNode body, boolean suspend) {
    String id = text(body, "instanceId");
    String reason = optionalText(body, "reason", null);
    StringValue why = reason == null ? null : StringValue.of(reason);
    await(suspend ? engine.suspend(hub, id, why) : engine.resume(hub, id, why));
    return ok((suspend ? "Suspended " : "Resumed ") + id);
  }

  private ObjectNode terminate(String hub, JsonNode body) {
    String id = text(body, "instanceId");
    TerminateRequest.Builder r =
        TerminateRequest.newBuilder()
            .setInstanceId(id)
            .setRecursive(body.path("recursive").asBoolean(false));
    String reason = optionalText(body, "reason", null);
    if (reason != null) {
      r.setOutput(StringValue.of(json(NODES.textNode(reason))));
    }
    await(engine.terminate(hub, r.build()));
    return ok("Terminated " + id);
  }

  private ObjectNode purge(String hub, JsonNode body) {
    String id = text(body, "instanceId");
    PurgeInstancesResponse r =
        await(
            engine.purge(
                hub,
                PurgeInstancesRequest.newBuilder()
                    .setInstanceId(id)
                    .setRecursive(body.path("recursive").asBoolean(false))
                    .build()));
    int n = r.getDeletedInstanceCount();
    ObjectNode out =
        ok(n == 0 ? "Nothing to purge: " + id + " does not exist" : "Purged " + id + plural(n));
    out.put("deletedInstanceCount", n);
    return out;
  }

  private static String plural(int n) {
    return n == 1 ? "" : " and " + (n - 1) + " sub-orchestration(s)";
  }

  private ObjectNode signal(String hub, JsonNode body) {
    String id = text(body, "entityId");
    String operation = text(body, "operation");
    SignalEntityRequest.Builder r =
        SignalEntityRequest.newBuilder().setInstanceId(id).setName(operation);
    if (body.has("input")) {
      r.setInput(StringValue.of(json(body.get("input"))));
    }
    await(engine.signal(hub, r.build()));
    return ok("Signalled '" + operation + "' to " + id);
  }

  private ObjectNode clean(String hub, JsonNode body) {
    boolean releaseOrphanedLocks = body.path("releaseOrphanedLocks").asBoolean(true);
    boolean removeEmptyEntities = body.path("removeEmptyEntities").asBoolean(true);
    int released = 0;
    int removed = 0;
    String token = null;
    do {
      CleanEntityStorageRequest.Builder r =
          CleanEntityStorageRequest.newBuilder()
              .setReleaseOrphanedLocks(releaseOrphanedLocks)
              .setRemoveEmptyEntities(removeEmptyEntities);
      if (token != null) {
        r.setContinuationToken(StringValue.of(token));
      }
      CleanEntityStorageResponse page = await(engine.cleanEntityStorage(hub, r.build()));
      released += page.getOrphanedLocksReleased();
      removed += page.getEmptyEntitiesRemoved();
      token = page.hasContinuationToken() ? page.getContinuationToken().getValue() : null;
    } while (token != null && !token.isEmpty());
    ObjectNode out =
        ok(
            "Released "
                + released
                + " orphaned lock(s) and removed "
                + removed
                + " empty entit"
                + (removed == 1 ? "y" : "ies"));
    out.put("orphanedLocksReleased", released);
    out.put("emptyEntitiesRemoved", removed);
    return out;
  }

  private static ObjectNode ok(String message) {
    ObjectNode out = NODES.objectNode();
    out.put("ok", true);
    out.put("message", message);
    return out;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiError.badRequest("'" + field + "' is required (a non-empty string)");
    }
    return v.asText();
  }

  private static String optionalText(JsonNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw ApiError.badRequest("'" + field + "' must be a string");
    }
    return v.asText();
  }

  private static String json(JsonNode value) {
    try {
      return ApiCall.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Could not serialize the input: " + e.getOriginalMessage());
    }
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw ApiError.of(s);
      }
      throw new IllegalStateException("The scheduler failed the action: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new ApiError(504, "The scheduler did not finish the action within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "Interrupted while waiting for the scheduler");
    }
  }
}
