package io.durableentities.scheduler.internal.engine.entity;

import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.GetEntityResponse;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EntityIds;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.HubState;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;

/**
 * {@code GetEntity} and {@code QueryEntities}, answered from memory under the writer lock and, for
 * the entities memory lacks, from the store outside it ({@link StoredEntities}).
 *
 * <p>An entity "exists" when it has state; entities without state (queued signals only, or a lock)
 * are transient: GetEntity answers {@code exists=false} for them and QueryEntities lists them only
 * with {@code includeTransient}. Pages follow instance-id order; the continuation token is the last
 * id looked at (opaque, base64url), so a page may be empty and still carry a token when many
 * non-matching entities were skipped.
 */
public final class EntityQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_SCANNED_PER_PAGE = 10_000;

  /** The fewest stored rows read at a time for a page (filters may skip many). */
  private static final int MIN_STORED_CHUNK = 255;

  private final CurrentState current;
  private final StoredEntities stored;

  public EntityQueries(CurrentState current, StoredEntities stored) {
    this.current = current;
    this.stored = stored;
  }

  /** {@code GetEntity}: memory first, else the stored row. */
  public GetEntityResponse get(String hub, String instanceId, boolean includeState) {
    GetEntityResponse inMemory =
        current.read(
            s -> {
              HubState h = s.hub(hub);
              EntityRuntime e = h == null ? null : h.entity(instanceId);
              if (e != null || !stored.mayLack(s)) {
                return e == null || e.state() == null
                    ? notFound()
                    : found(metadata(e, includeState));
              }
              return null;
            });
    if (inMemory != null) {
      return inMemory;
    }
    EntityRow row = stored.read("GetEntity", hub, instanceId);
    return row == null || row.state() == null ? notFound() : found(metadata(row, includeState));
  }

  private static GetEntityResponse notFound() {
    return GetEntityResponse.newBuilder().setExists(false).build();
  }

  private static GetEntityResponse found(EntityMetadata m) {
    return GetEntityResponse.newBuilder().setExists(true).setEntity(m).build();
  }

  /** {@code QueryEntities}: one page in id order, memory merged with the stored rows it lacks. */
  public QueryEntitiesResponse query(String hub, EntityQuery q) {
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
    boolean resume = after != null && after.compareTo(prefix) >= 0;
    String from = resume ? after : prefix;
    boolean inclusive = !resume;
    Page page = new Page(q, prefix, pageSize);
    int chunk = Math.min(Math.max(pageSize, MIN_STORED_CHUNK), MAX_SCANNED_PER_PAGE) + 1;
    boolean mayLack = current.read(stored::mayLack);
    while (true) {
      // Stored rows first, memory after (newer): an entity in both is answered from memory.
      List<EntityRow> rows = stored.page("QueryEntities", mayLack, hub, from, inclusive, chunk);
      String bound = rows.size() == chunk ? rows.get(rows.size() - 1).instanceId() : null;
      String start = from;
      boolean startInclusive = inclusive;
      boolean more =
          current.read(
              s -> {
                HubState h = s.hub(hub);
                NavigableMap<String, EntityRuntime> memory =
                    h == null
                        ? Collections.emptyNavigableMap()
                        : h.entities().tailMap(start, startInclusive);
                if (bound != null) {
                  memory = memory.headMap(bound, true);
                }
                return page.merge(memory.values().iterator(), rows.iterator());
              });
      if (!more || bound == null) {
        return page.build();
      }
      from = bound;
      inclusive = false;
    }
  }

  /** One page being filled from memory and stored rows, in id order. */
  private static final class Page {
    private final EntityQuery q;
    private final String prefix;
    private final int pageSize;
    private final long from;
    private final long to;
    private final QueryEntitiesResponse.Builder out = QueryEntitiesResponse.newBuilder();
    private int scanned;
    private String last;

    Page(EntityQuery q, String prefix, int pageSize) {
      this.q = q;
      this.prefix = prefix;
      this.pageSize = pageSize;
      this.from = q.hasLastModifiedFrom() ? Protos.millis(q.getLastModifiedFrom()) : Long.MIN_VALUE;
      this.to = q.hasLastModifiedTo() ? Protos.millis(q.getLastModifiedTo()) : Long.MAX_VALUE;
    }

    /**
     * Takes both sorted sequences, memory winning on equal ids; false once the page is complete.
     */
    boolean merge(Iterator<EntityRuntime> memory, Iterator<EntityRow> stored) {
      EntityRuntime e = memory.hasNext() ? memory.next() : null;
      EntityRow r = stored.hasNext() ? stored.next() : null;
      while (e != null || r != null) {
        int c = e == null ? 1 : r == null ? -1 : e.instanceId().compareTo(r.instanceId());
        boolean more;
        if (c <= 0) {
          more = offer(e.instanceId(), e.state() == null, e.lastModified(), e, null);
          e = memory.hasNext() ? memory.next() : null;
          if (c == 0) {
            r = stored.hasNext() ? stored.next() : null;
          }
        } else {
          more = offer(r.instanceId(), r.state() == null, r.lastModified(), null, r);
          r = stored.hasNext() ? stored.next() : null;
        }
        if (!more) {
          return false;
        }
      }
      return true;
    }

    private boolean offer(
        String id, boolean transientEntity, long lastModified, EntityRuntime e, EntityRow r) {
      if (!id.startsWith(prefix)) {
        return false;
      }
      if (out.getEntitiesCount() >= pageSize || scanned >= MAX_SCANNED_PER_PAGE) {
        out.setContinuationToken(Protos.string(encodeToken(last)));
        return false;
      }
      scanned++;
      last = id;
      if ((transientEntity && !q.getIncludeTransient())
          || lastModified < from
          || lastModified > to) {
        return true;
      }
      out.addEntities(
          e != null ? metadata(e, q.getIncludeState()) : metadata(r, q.getIncludeState()));
      return true;
    }

    QueryEntitiesResponse build() {
      return out.build();
    }
  }

  /** An entity in memory as the entity RPCs and the dashboard show it. */
  public static EntityMetadata metadata(EntityRuntime e, boolean includeState) {
    return metadata(
        e.instanceId(), e.lastModified(), e.queue().size(), e.lockedBy(), e.state(), includeState);
  }

  /** An entity that was not in memory: nothing queued. */
  public static EntityMetadata metadata(EntityRow r, boolean includeState) {
    return metadata(r.instanceId(), r.lastModified(), 0, r.lockedBy(), r.state(), includeState);
  }

  private static EntityMetadata metadata(
      String instanceId,
      long lastModified,
      int backlog,
      String lockedBy,
      String state,
      boolean includeState) {
    EntityMetadata.Builder m =
        EntityMetadata.newBuilder()
            .setInstanceId(instanceId)
            .setLastModifiedTime(Protos.timestamp(lastModified))
            .setBacklogQueueSize(backlog);
    if (lockedBy != null) {
      m.setLockedBy(Protos.string(lockedBy));
    }
    if (includeState && state != null) {
      m.setSerializedState(Protos.string(state));
    }
    return m.build();
  }

  /** A continuation token: the last id looked at, base64url. */
  public static String encodeToken(String lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The last id of a continuation token.
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a token that is not base64url
   */
  public static String decodeToken(String token) {
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
