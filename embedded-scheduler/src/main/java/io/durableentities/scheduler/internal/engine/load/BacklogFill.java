package io.durableentities.scheduler.internal.engine.load;

import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.QueueLoad;
import io.durableentities.scheduler.internal.store.Store;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fill of the store's backlog table after a load (start-up, or a reload after a failed write):
 * memory then lacks every stored message, and the table must hold their keys before the readers can
 * count one entity's part in its own keys ({@link QueueLoad}). One piece of work on the writer
 * copies the keys of the next {@value #PIECE} stored messages by id ({@code INSERT OR IGNORE ...
 * SELECT} over a range of the log's row ids: keys already there, those of messages spilled before a
 * restart, stay), so that the writer serves requests between pieces and the scheduler listens as
 * soon as before. Until the fill is done the pager reads no message past it and the readers read
 * the part not filled from the log.
 *
 * <p>The table is not emptied first: every key in it is that of a stored message memory lacked when
 * it was committed (inserted with a spilled message, deleted with the pager's read of it, the table
 * emptied when a backlog ends), and after a load memory lacks every stored message.
 */
public final class BacklogFill {

  private static final Logger log = LoggerFactory.getLogger(BacklogFill.class);

  /** Messages whose keys one piece of work copies (bounded, so requests are served between). */
  public static final int PIECE = 16_384;

  private final Store store;

  /** When the current fill began (writer thread only), for the log line. */
  private long startedNanos;

  public BacklogFill(Store store) {
    this.store = store;
  }

  /**
   * Copies the keys of the next piece of stored messages into the backlog table (writer thread,
   * lock held, inside the group's transaction); returns whether more remain.
   */
  public boolean fillPiece(EngineState s) throws SQLException {
    QueueLoad backlog = s.queueLoad();
    if (!backlog.filling()) {
      return false;
    }
    long from = backlog.filledThrough();
    if (from == 0) {
      startedNanos = System.nanoTime();
    }
    long to = store.entities().backlogFillEnd(from, backlog.fillTarget(), PIECE);
    Map<String, Map<String, Long>> counts = store.entities().fillBacklog(from, to);
    backlog.filled(to, counts);
    if (!backlog.filling()) {
      log.info(
          "Indexed the stored queued operations memory lacks by entity (message ids up to {}) in"
              + " {} ms",
          to,
          (System.nanoTime() - startedNanos) / 1_000_000);
      return false;
    }
    return true;
  }
}
