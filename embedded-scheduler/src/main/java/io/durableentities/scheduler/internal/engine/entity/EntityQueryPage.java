package io.durableentities.scheduler.internal.engine.entity;

import com.google.protobuf.CodedOutputStream;
import io.durableentities.protocol.internal.EntityMetadata;
import io.durableentities.protocol.internal.EntityQuery;
import io.durableentities.protocol.internal.QueryEntitiesResponse;
import io.durableentities.scheduler.internal.engine.state.EntityRuntime;
import io.durableentities.scheduler.internal.engine.state.Protos;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.store.BacklogSpan;
import io.durableentities.scheduler.internal.store.EntityRow;
import io.durableentities.scheduler.internal.store.StoreReader;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One page of {@code QueryEntities} being filled from memory and stored rows, in id order ({@link
 * EntityQueries#query}); while a backlog is pending its entities count their stored messages memory
 * lacks too, read in a snapshot begun under the lock of the merge that listed them.
 */
final class EntityQueryPage {
  private final EntityQuery q;
  private final String prefix;
  private final int pageSize;
  private final int maxMessageBytes;
  private final long from;
  private final long to;
  private final QueryEntitiesResponse.Builder out = QueryEntitiesResponse.newBuilder();
  private int scanned;
  private String last;
  private long bytes;

  /** The backlog as the last merge saw it (under the lock), or null. */
  private QueueLoad backlog;

  /** What memory lacked as the last merge saw it; null when no backlog was pending. */
  private BacklogSpan span;

  /**
   * The entities the last merge listed whose queue memory lacks in part or whole, by index in the
   * answer.
   */
  private final Map<Integer, String> partial = new HashMap<>();

  /** The read that counts them, begun under the merge's lock ({@link #beginCount}), or null. */
  private StoreReader.Snapshot snapshot;

  EntityQueryPage(EntityQuery q, String prefix, int pageSize, int maxMessageBytes) {
    this.q = q;
    this.prefix = prefix;
    this.pageSize = pageSize;
    this.maxMessageBytes = maxMessageBytes;
    this.from = q.hasLastModifiedFrom() ? Protos.millis(q.getLastModifiedFrom()) : Long.MIN_VALUE;
    this.to = q.hasLastModifiedTo() ? Protos.millis(q.getLastModifiedTo()) : Long.MAX_VALUE;
  }

  /** Sees the backlog (under the lock, before {@link #merge}). */
  void backlog(QueueLoad b) {
    backlog = b;
    span = b.span();
  }

  /** Takes both sorted sequences, memory winning on equal ids; false once the page is complete. */
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
    if (out.getEntitiesCount() >= pageSize || scanned >= EntityQueries.MAX_SCANNED_PER_PAGE) {
      out.setContinuationToken(Protos.string(EntityQueries.encodeToken(last)));
      return false;
    }
    if ((transientEntity && !q.getIncludeTransient()) || lastModified < from || lastModified > to) {
      scanned++;
      last = id;
      return true;
    }
    EntityMetadata m =
        e != null
            ? EntityQueries.metadata(e, q.getIncludeState())
            : EntityQueries.metadata(r, q.getIncludeState());
    long size =
        CodedOutputStream.computeMessageSize(QueryEntitiesResponse.ENTITIES_FIELD_NUMBER, m);
    if (out.getEntitiesCount() > 0 && bytes + size > EntityQueries.PAGE_BYTE_BUDGET) {
      out.setContinuationToken(Protos.string(EntityQueries.encodeToken(last)));
      return false;
    }
    if (size > maxMessageBytes) {
      throw tooLarge(id, size);
    }
    scanned++;
    last = id;
    bytes += size;
    out.addEntities(m);
    if (span != null && (e == null || !backlog.complete(e))) {
      partial.put(out.getEntitiesCount() - 1, id);
    }
    return true;
  }

  /** An entity that no answer can carry, with the token that skips it. */
  private RuntimeException tooLarge(String id, long size) {
    return Status.RESOURCE_EXHAUSTED
        .withDescription(
            "QueryEntities: entity "
                + id
                + " with its state takes "
                + size
                + " bytes, more than one answer may carry (maxMessageBytes "
                + maxMessageBytes
                + "); read it without its state (includeState false), or pass"
                + " continuationToken '"
                + EntityQueries.encodeToken(id)
                + "' to go on after it")
        .asRuntimeException();
  }

  /**
   * After a merge, under the lock: begins the read that counts the stored messages memory lacks of
   * the entities this merge listed whose queue memory lacks in part or whole (none when no backlog
   * is pending), so that it sees the state the merge saw.
   */
  void beginCount(StoredEntities stored, String hub) {
    if (!partial.isEmpty()) {
      snapshot = stored.snapshot("QueryEntities", hub, partial.values().iterator().next(), span);
    }
  }

  /**
   * After the lock is released: adds to the entities of the last merge whose queue memory lacks in
   * part or whole their stored messages memory lacked (their keys in the store's backlog table), in
   * the read {@link #beginCount} began.
   */
  void count(StoredEntities stored, String hub) {
    if (snapshot == null) {
      return;
    }
    Map<String, Integer> counts =
        stored.queuedAfter("QueryEntities", snapshot, hub, partial.values(), span);
    snapshot = null;
    partial.forEach(
        (i, id) -> {
          int n = counts.getOrDefault(id, 0);
          if (n > 0) {
            EntityMetadata m = out.getEntities(i);
            out.setEntities(
                i, m.toBuilder().setBacklogQueueSize(m.getBacklogQueueSize() + n).build());
          }
        });
    partial.clear();
  }

  /** The answer. */
  QueryEntitiesResponse build() {
    return out.build();
  }
}
