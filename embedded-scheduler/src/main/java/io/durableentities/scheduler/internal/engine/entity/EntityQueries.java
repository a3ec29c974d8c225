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
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.store.BacklogSpan;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;

/**
 * {@code GetEntity} and {@code QueryEntities}, answered from memory under the writer lock and, for
 * the entities memory lacks, from the store outside it ({@link StoredEntities}).
 *
 * <p>An entity "exists" when it has state; entities without state (queued signals only, or a lock)
 * are transient: QueryEntities lists them only with {@code includeTransient}. GetEntity answers one
 * with queued operations as existing, without state and with its {@code backlogQueueSize}, so that
 * work waiting for an entity (perhaps for a name no worker hosts) is visible; only a lock, or
 * nothing, is {@code exists=false}. (DTFx's Azure Storage backend hides every transient entity from
 * GetEntity; the clients we know read a missing state as none.) Pages follow instance-id order; the
 * continuation token is the last id looked at (opaque, base64url), so a page may be empty and still
 * carry a token when many non-matching entities were skipped.
 *
 * <p>A page also stops before it would exceed {@link #PAGE_BYTE_BUDGET} bytes, and then carries a
 * token like any other: 30 entities with 1 MB states must not make a 30 MB answer that no client
 * with gRPC's default limit (4 MiB inbound) can receive, nor be built in memory. An entity larger
 * than the budget goes out alone in its own page; one larger than {@code maxMessageBytes} (a state
 * stored before that limit was lowered) fails the query with RESOURCE_EXHAUSTED naming the entity,
 * with the token that skips it.
 */
public final class EntityQueries {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  static final int MAX_SCANNED_PER_PAGE = 10_000;

  /**
   * The most bytes of entities in one page: half of gRPC's default 4 MiB inbound limit (every
   * official SDK keeps that default), so that every client can receive it, leaving room for a state
   * at the default {@code maxEntityStateBytes} (1 MiB) with others.
   */
  public static final int PAGE_BYTE_BUDGET = 2 * 1024 * 1024;

  /** The fewest stored rows read at a time for a page (filters may skip many). */
  private static final int MIN_STORED_CHUNK = 255;

  private final CurrentState current;
  private final StoredEntities stored;
  private final int maxMessageBytes;

  /**
   * @param maxMessageBytes the largest message the scheduler sends; an entity whose metadata is
   *     larger cannot be answered
   */
  public EntityQueries(CurrentState current, StoredEntities stored, int maxMessageBytes) {
    this.current = current;
    this.stored = stored;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * {@code GetEntity}: memory first, else the stored row; while a backlog is pending ({@code
   * QueueLoad}), an entity whose queue memory lacks (not resident, or resident but incomplete) adds
   * its stored messages memory lacks (its keys in the store's backlog table), so that "exists" and
   * the queue depth count them.
   */
  public GetEntityResponse get(String hub, String instanceId, boolean includeState) {
    Seen seen =
        current.read(
            s -> {
              HubState h = s.hub(hub);
              EntityRuntime e = h == null ? null : h.entity(instanceId);
              QueueLoad backlog = s.queueLoad();
              BacklogSpan span = backlog.span();
              if (e != null) {
                if (backlog.complete(e)) {
                  return new Seen(
                      answer(metadata(e, includeState), e.state()), null, null, null, false, false);
                }
                EntityMetadata resident = metadata(e, includeState);
                boolean hasState = e.state() != null;
                return new Seen(
                    null, resident, span, snapshot(hub, instanceId, span), false, hasState);
              }
              if (!stored.mayLack(s) && span == null) {
                return new Seen(notFound(), null, null, null, false, false);
              }
              boolean readRow = stored.mayLack(s);
              return new Seen(null, null, span, snapshot(hub, instanceId, span), readRow, false);
            });
    if (seen.answer() != null) {
      return seen.answer();
    }
    int spilled = stored.queuedAfter("GetEntity", seen.snapshot(), hub, instanceId, seen.span());
    if (seen.resident() != null) {
      EntityMetadata m = seen.resident();
      return answer(
          m.toBuilder().setBacklogQueueSize(m.getBacklogQueueSize() + spilled).build(),
          seen.hasState() ? "" : null);
    }
    EntityRow row = seen.readRow() ? stored.read("GetEntity", hub, instanceId) : null;
    if (row == null) {
      return spilled == 0
          ? notFound()
          : found(metadata(instanceId, 0, spilled, null, null, includeState));
    }
    return answer(
        metadata(
            row.instanceId(),
            row.lastModified(),
            spilled,
            row.lockedBy(),
            row.state(),
            includeState),
        row.state());
  }

  /**
   * A read of the store begun under the lock (the last step there, so nothing can fail after it and
   * leave it open), or null when memory lacks nothing of the queue.
   */
  private StoreReader.Snapshot snapshot(String hub, String instanceId, BacklogSpan span) {
    return stored.snapshot("GetEntity", hub, instanceId, span);
  }

  /**
   * What GetEntity saw under the lock: its answer, or what memory had, the backlog (null when none
   * is pending) and the store's snapshot begun then.
   */
  private record Seen(
      GetEntityResponse answer,
      EntityMetadata resident,
      BacklogSpan span,
      StoreReader.Snapshot snapshot,
      boolean readRow,
      boolean hasState) {}

  /** An entity exists with a state or queued operations (a lock alone is transient). */
  private static GetEntityResponse answer(EntityMetadata m, String state) {
    return state == null && m.getBacklogQueueSize() == 0 ? notFound() : found(m);
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
    EntityQueryPage page = new EntityQueryPage(q, prefix, pageSize, maxMessageBytes);
    int chunk = Math.min(Math.max(pageSize, MIN_STORED_CHUNK), MAX_SCANNED_PER_PAGE) + 1;
    boolean mayLack = current.read(stored::mayLack);
    while (true) {
      // Stored rows first, memory after (newer): an entity in both is answered from memory.
      // Rows hold their states: read no more of them than a page can take.
      List<EntityRow> entityRows =
          stored.page("QueryEntities", mayLack, hub, from, inclusive, chunk, PAGE_BYTE_BUDGET);
      boolean cut = entityRows.size() == chunk || stateChars(entityRows) >= PAGE_BYTE_BUDGET;
      String rowsBound = cut ? entityRows.get(entityRows.size() - 1).instanceId() : null;
      // While a backlog is pending, an entity may have queued messages on disk only and no row:
      // a transient entity the store lists by its keys in the backlog table.
      BacklogSpan span = q.getIncludeTransient() ? current.read(s -> s.queueLoad().span()) : null;
      if (span != null) {
        List<EntityRow> queued =
            stored.queuedEntities("QueryEntities", hub, from, inclusive, chunk, span);
        if (queued.size() == chunk) {
          String queuedBound = queued.get(queued.size() - 1).instanceId();
          rowsBound =
              rowsBound == null || queuedBound.compareTo(rowsBound) < 0 ? queuedBound : rowsBound;
        }
        entityRows = union(entityRows, queued, rowsBound);
      }
      String bound = rowsBound;
      List<EntityRow> rows = entityRows;
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
                page.backlog(s.queueLoad());
                boolean goesOn = page.merge(memory.values().iterator(), rows.iterator());
                page.beginCount(stored, hub); // last: begins a read of the store under the lock
                return goesOn;
              });
      page.count(stored, hub);
      if (!more || bound == null) {
        return page.build();
      }
      from = bound;
      inclusive = false;
    }
  }

  /**
   * The stored rows and the entities with stored messages (rows of an id only), in id order up to
   * {@code bound} (all when null); a real row wins over a queued entity's.
   */
  private static List<EntityRow> union(List<EntityRow> rows, List<EntityRow> queued, String bound) {
    List<EntityRow> all = new ArrayList<>(rows.size() + queued.size());
    int i = 0;
    int j = 0;
    while (i < rows.size() || j < queued.size()) {
      EntityRow r = i < rows.size() ? rows.get(i) : null;
      EntityRow m = j < queued.size() ? queued.get(j) : null;
      int c = r == null ? 1 : m == null ? -1 : r.instanceId().compareTo(m.instanceId());
      EntityRow next = c <= 0 ? r : m;
      if (bound != null && next.instanceId().compareTo(bound) > 0) {
        break;
      }
      all.add(next);
      if (c <= 0) {
        i++;
      }
      if (c >= 0) {
        j++;
      }
    }
    return all;
  }

  private static long stateChars(List<EntityRow> rows) {
    long chars = 0;
    for (EntityRow r : rows) {
      chars += r.state() == null ? 0 : r.state().length();
    }
    return chars;
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

  /**
   * An entity memory lacks, or holds only part of the queue of, as its row (null when it has none)
   * and {@code queued} stored messages show it.
   */
  public static EntityMetadata metadata(
      String instanceId, EntityRow row, int queued, boolean includeState) {
    return row == null
        ? metadata(instanceId, 0, queued, null, null, includeState)
        : metadata(
            instanceId, row.lastModified(), queued, row.lockedBy(), row.state(), includeState);
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
