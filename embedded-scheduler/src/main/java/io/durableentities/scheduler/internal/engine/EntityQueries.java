package io.durableentities.scheduler.internal.engine;

import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.NavigableMap;

/**
 * {@code GetEntity} and {@code QueryEntities}, answered from memory under the engine lock.
 *
 * <p>An entity "exists" when it has state; entities without state (queued signals only, or a lock)
 * are transient: GetEntity answers {@code exists=false} for them and QueryEntities lists them only
 * with {@code includeTransient}. Pages follow instance-id order; the continuation token is the last
 * id looked at (opaque, base64url), so a page may be empty and still carry a token when many
 * non-matching entities were skipped.
 */
final class EntityQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_SCANNED_PER_PAGE = 10_000;

  private final Engine engine;

  EntityQueries(Engine engine) {
    this.engine = engine;
  }

  GetEntityResponse get(String hub, String instanceId, boolean includeState) {
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      EntityRuntime e = h == null ? null : h.entities.get(instanceId);
      if (e == null || e.state == null) {
        return GetEntityResponse.newBuilder().setExists(false).build();
      }
      return GetEntityResponse.newBuilder()
          .setExists(true)
          .setEntity(metadata(e, includeState))
          .build();
    } finally {
      engine.lock.unlock();
    }
  }

  QueryEntitiesResponse query(String hub, EntityQuery q) {
    String prefix =
        EntityIds.normalizePrefix(
            q.hasInstanceIdStartsWith() ? q.getInstanceIdStartsWith().getValue() : "");
    int pageSize = DEFAULT_PAGE_SIZE;
    if (q.hasPageSize()) {
      if (q.getPageSize().getValue() < 0) {
        throw Status.INVALID_ARGUMENT
            .withDescription(
                "QueryEntities: pageSize must not be negative, was " + q.getPageSize().getValue())
            .asRuntimeException();
      }
      if (q.getPageSize().getValue() > 0) {
        pageSize = Math.min(q.getPageSize().getValue(), MAX_PAGE_SIZE);
      }
    }
    String after =
        q.hasContinuationToken() && !q.getContinuationToken().getValue().isEmpty()
            ? decodeToken(q.getContinuationToken().getValue())
            : null;
    long from = q.hasLastModifiedFrom() ? Protos.millis(q.getLastModifiedFrom()) : Long.MIN_VALUE;
    long to = q.hasLastModifiedTo() ? Protos.millis(q.getLastModifiedTo()) : Long.MAX_VALUE;

    QueryEntitiesResponse.Builder page = QueryEntitiesResponse.newBuilder();
    engine.lock.lock();
    try {
      HubState h = engine.hubs.get(hub);
      if (h == null) {
        return page.build();
      }
      NavigableMap<String, EntityRuntime> range =
          after != null && after.compareTo(prefix) >= 0
              ? h.entities.tailMap(after, false)
              : h.entities.tailMap(prefix, true);
      int scanned = 0;
      String last = null;
      for (Map.Entry<String, EntityRuntime> entry : range.entrySet()) {
        String id = entry.getKey();
        if (!id.startsWith(prefix)) {
          return page.build();
        }
        if (page.getEntitiesCount() >= pageSize || scanned >= MAX_SCANNED_PER_PAGE) {
          return page.setContinuationToken(Protos.string(encodeToken(last))).build();
        }
        scanned++;
        last = id;
        EntityRuntime e = entry.getValue();
        boolean transientEntity = e.state == null;
        if ((transientEntity && !q.getIncludeTransient())
            || e.lastModified < from
            || e.lastModified > to) {
          continue;
        }
        page.addEntities(metadata(e, q.getIncludeState()));
      }
      return page.build();
    } finally {
      engine.lock.unlock();
    }
  }

  static EntityMetadata metadata(EntityRuntime e, boolean includeState) {
    EntityMetadata.Builder m =
        EntityMetadata.newBuilder()
            .setInstanceId(e.instanceId)
            .setLastModifiedTime(Protos.timestamp(e.lastModified))
            .setBacklogQueueSize(e.queue.size());
    if (e.lockedBy != null) {
      m.setLockedBy(Protos.string(e.lockedBy));
    }
    if (includeState && e.state != null) {
      m.setSerializedState(Protos.string(e.state));
    }
    return m.build();
  }

  static String encodeToken(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT
          .withDescription(
              "Invalid continuationToken '"
                  + EntityIds.abbreviate(token)
                  + "': pass back the token of the previous page unchanged")
          .asRuntimeException();
    }
  }
}
