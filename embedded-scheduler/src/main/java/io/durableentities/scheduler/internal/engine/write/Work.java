package io.durableentities.scheduler.internal.engine.write;

import java.sql.SQLException;

/**
 * A piece of work run on the writer thread, in the group's transaction, under the writer lock.
 *
 * <p>It validates before it changes anything and reports a bad request by throwing {@link
 * io.grpc.StatusRuntimeException}: if it changed nothing, it alone fails and its group goes on. Any
 * failure after a change (or one that cost the store its transaction) rolls the whole group back.
 */
@FunctionalInterface
public interface Work<T> {

  /** Runs the piece; its result answers the caller once the group is committed. */
  T run(WriteContext ctx) throws SQLException;
}
