package io.durableentities.scheduler.internal.engine.write;

/**
 * Watches one piece of work through the writer (the scheduler's receive spans): when the writer
 * takes it, when its group's commit starts, and how it ends. Called on the writer thread under the
 * writer lock, so an implementation does little: record an event, end a span. A failure of an
 * observer is logged and never fails the piece.
 */
public interface PieceObserver {

  /** The writer takes the piece and runs it (in its group's open transaction). */
  void taken();

  /** The commit of the piece's group starts. */
  void committing();

  /**
   * The piece is answered: its group was committed, or it failed.
   *
   * @param groupSize the pieces in its group
   * @param commitNanos how long the group's commit took; negative when it did not commit
   * @param error the error its caller is answered with, or null when it succeeded
   */
  void finished(int groupSize, long commitNanos, Throwable error);
}
