package io.durableentities.testing.orchestration;

import io.durableentities.protocol.internal.HistoryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What becomes due on the virtual clock, earliest first and, at equal times, in the order it was
 * added (so answers reach the orchestration in the order it asked). Replies and raised events keep
 * the run going (time skips to them); entity signals do not (they are applied if the clock gets
 * there).
 */
final class DueQueue {

  /** What a due item is. */
  enum Kind {
    /** The back end's reply to an action of the current execution. */
    REPLY,
    /** An external event raised by the test. */
    EVENT,
    /** A scheduled signal to an entity double; does not keep the run going. */
    SIGNAL
  }

  /**
   * One due item.
   *
   * @param at when it is due
   * @param sequence the order it was added in
   * @param kind what it is
   * @param event the history event to deliver to the orchestration, or null
   * @param effect what else happens when it is due, or null
   */
  record Due(Instant at, long sequence, Kind kind, HistoryEvent event, Runnable effect) {}

  private final PriorityQueue<Due> queue =
      new PriorityQueue<>(Comparator.comparing(Due::at).thenComparingLong(Due::sequence));
  private long sequence;
  private int keepingAlive;

  void add(Instant at, Kind kind, HistoryEvent event, Runnable effect) {
    queue.add(new Due(at, sequence++, kind, event, effect));
    if (kind != Kind.SIGNAL) {
      keepingAlive++;
    }
  }

  /** Whether anything due keeps the run going (a reply or a raised event). */
  boolean keepsRunning() {
    return keepingAlive > 0;
  }

  /** The earliest due time; null when nothing is due. */
  Instant nextAt() {
    Due next = queue.peek();
    return next == null ? null : next.at();
  }

  /** Removes and returns everything due at or before a time, in order. */
  List<Due> takeDue(Instant now) {
    List<Due> taken = new ArrayList<>();
    while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
      Due due = queue.poll();
      if (due.kind() != Kind.SIGNAL) {
        keepingAlive--;
      }
      taken.add(due);
    }
    return taken;
  }

  /** Drops the replies to the ended execution's actions (on continue-as-new). */
  void dropReplies() {
    List<Due> kept = new ArrayList<>();
    for (Due due : queue) {
      if (due.kind() != Kind.REPLY) {
        kept.add(due);
      }
    }
    queue.clear();
    keepingAlive = 0;
    for (Due due : kept) {
      queue.add(due);
      if (due.kind() != Kind.SIGNAL) {
        keepingAlive++;
      }
    }
  }
}
