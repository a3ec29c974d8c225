package io.durableentities.scheduler.internal.engine.orchestration;

import com.google.protobuf.BoolValue;
import io.durableentities.protocol.internal.PurgeInstancesRequest;
import io.durableentities.protocol.internal.PurgeInstancesResponse;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.write.WriteContext;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One {@code PurgeInstances} request, run as a series of writer turns of at most {@link
 * InstancePurger#ROWS_PER_TURN} deleted rows each: the first turn checks the whole request and
 * lists what to purge; each turn goes on where the last one stopped. The caller queues the next
 * turn behind the work that arrived meanwhile, so a large purge never holds the writer long.
 *
 * <p>Owned by the writer: only its turns, which run on the writer thread, read or change it.
 */
public final class PurgeRun {

  private final InstancePurger purger;
  private final String hub;
  private final PurgeInstancesRequest request;

  /** What is left to purge, the next first; null until the first turn has checked the request. */
  private Deque<String> pending;

  private int deleted;

  PurgeRun(InstancePurger purger, String hub, PurgeInstancesRequest request) {
    this.purger = purger;
    this.hub = hub;
    this.request = request;
  }

  /**
   * Runs one turn (writer thread); returns whether the purge is done. The first turn fails, having
   * deleted nothing, when the request names a running instance.
   */
  public boolean turn(EngineState s, WriteContext ctx) throws SQLException {
    if (pending == null) {
      pending = new ArrayDeque<>(purger.targets(s, hub, request));
    }
    deleted += purger.purgeSome(s, hub, pending, request.getRecursive(), ctx.now());
    return pending.isEmpty();
  }

  /** The answer, once {@link #turn} said the purge is done. */
  public PurgeInstancesResponse response() {
    return PurgeInstancesResponse.newBuilder()
        .setDeletedInstanceCount(deleted)
        .setIsComplete(BoolValue.of(true))
        .build();
  }
}
