package io.durableentities.scheduler.internal.engine.write;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import java.sql.SQLException;

/**
 * A piece of work on the engine's state: run by the writer with the current {@link EngineState}
 * (see {@link Work} for the rules a piece follows).
 */
@FunctionalInterface
public interface StateWork<T> {

  /** Runs the piece on {@code s}; its result answers the caller once the group is committed. */
  T run(EngineState s, WriteContext ctx) throws SQLException;
}
