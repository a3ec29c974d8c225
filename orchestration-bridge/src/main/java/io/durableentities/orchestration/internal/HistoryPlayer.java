package io.durableentities.orchestration.internal;

import io.durableentities.protocol.internal.HistoryEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Hands out the history events of one work item in order: first the past events (replaying), then
 * the new ones. Events that arrive while the orchestration is suspended are held back and handed
 * out again when it resumes.
 */
final class HistoryPlayer {

  private final List<HistoryEvent> pastEvents;
  private final List<HistoryEvent> newEvents;
  private final Deque<HistoryEvent> resumed = new ArrayDeque<>();
  private final List<HistoryEvent> heldWhileSuspended = new ArrayList<>();
  private int index;
  private boolean replaying = true;

  HistoryPlayer(List<HistoryEvent> pastEvents, List<HistoryEvent> newEvents) {
    this.pastEvents = pastEvents;
    this.newEvents = newEvents;
  }

  /** The next event to process, or null when the history is exhausted. */
  HistoryEvent next() {
    if (!resumed.isEmpty()) {
      return resumed.poll();
    }
    if (index < pastEvents.size()) {
      return pastEvents.get(index++);
    }
    replaying = false;
    int newIndex = index - pastEvents.size();
    if (newIndex < newEvents.size()) {
      index++;
      return newEvents.get(newIndex);
    }
    return null;
  }

  /** Whether the events handed out so far all came from the past events. */
  boolean isReplaying() {
    return replaying;
  }

  /** Holds an event back until {@link #resume()}. */
  void hold(HistoryEvent event) {
    heldWhileSuspended.add(event);
  }

  /** Hands out the held events next, in their order. */
  void resume() {
    for (int i = heldWhileSuspended.size() - 1; i >= 0; i--) {
      resumed.push(heldWhileSuspended.get(i));
    }
    heldWhileSuspended.clear();
  }

  /** Takes the remaining events (held ones first), for carry-over on continue-as-new. */
  List<HistoryEvent> drainRemaining() {
    List<HistoryEvent> rest = new ArrayList<>(heldWhileSuspended);
    heldWhileSuspended.clear();
    rest.addAll(resumed);
    resumed.clear();
    for (HistoryEvent event = next(); event != null; event = next()) {
      rest.add(event);
    }
    return rest;
  }
}
