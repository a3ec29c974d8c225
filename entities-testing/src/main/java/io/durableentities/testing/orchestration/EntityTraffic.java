package io.durableentities.testing.orchestration;

import io.durableentities.core.DataConverter;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.SentSignal;
import io.durableentities.testing.orchestration.DueQueue.Kind;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The entity doubles of one run and the messages between them on the virtual clock: operations run
 * once no other orchestration holds the entity ({@link OrchestrationTester#lockedByAnother}), and
 * the signals, the orchestration's and those real entities send while they run an operation, are
 * recorded and applied to their target's double when due. Owned by one {@link OrchestrationHost};
 * single-threaded.
 */
final class EntityTraffic {

  /**
   * Signals applied at one virtual time, one causing the next, before the tester calls it a loop.
   */
  static final int MAX_SIGNALS_AT_ONCE = 1_000;

  private final Map<EntityInstanceId, EntityDouble> entities;
  private final Map<EntityInstanceId, Instant> heldUntil;
  private final Observations observed;
  private final DueQueue due;
  private final DataConverter converter;
  private final String orchestrationName;
  private final Queue<Runnable> applyNow = new ArrayDeque<>();
  private boolean applying;

  EntityTraffic(
      Map<EntityInstanceId, EntityDouble> entities,
      Map<EntityInstanceId, Instant> heldUntil,
      Observations observed,
      DueQueue due,
      DataConverter converter,
      String orchestrationName) {
    this.entities = entities;
    this.heldUntil = heldUntil;
    this.observed = observed;
    this.due = due;
    this.converter = converter;
    this.orchestrationName = orchestrationName;
  }

  /** The double of an entity, or null when it has none. */
  EntityDouble double_(EntityInstanceId id) {
    return entities.get(id);
  }

  /** The entities that have a double. */
  Collection<EntityInstanceId> ids() {
    return entities.keySet();
  }

  /**
   * When an operation on these entities can start: {@code now}, or when the last hold of another
   * orchestration on one of them ends.
   */
  Instant freeAt(Collection<EntityInstanceId> ids, Instant now) {
    Instant at = now;
    for (EntityInstanceId id : ids) {
      Instant until = heldUntil.get(id);
      if (until != null && until.isAfter(at)) {
        at = until;
      }
    }
    return at;
  }

  /**
   * Runs an operation the orchestration called on a double, at {@code at}; the signals the entity
   * sent are recorded and applied.
   */
  Reply call(
      EntityInstanceId target, EntityDouble entity, String operation, String input, Instant at) {
    Reply reply = entity.run(operation, input, at);
    sent(target, reply, at);
    return reply;
  }

  /**
   * Records a signal and applies it to the target's double, if any, when it is due and no other
   * orchestration holds the target.
   *
   * @param sender the entity that sent it; null for the orchestration
   * @param scheduledTime when it is due; null for at once
   */
  void signal(
      EntityInstanceId sender,
      EntityInstanceId target,
      String operation,
      String input,
      Instant sentAt,
      Instant scheduledTime) {
    EntitySignal signal =
        new EntitySignal(target, operation, input, sentAt, scheduledTime, sender, converter);
    (sender == null ? observed.signals : observed.entitySignals).add(signal);
    EntityDouble entity = entities.get(target);
    if (entity == null) {
      return;
    }
    Instant dueAt = scheduledTime != null && scheduledTime.isAfter(sentAt) ? scheduledTime : sentAt;
    Instant at = freeAt(List.of(target), dueAt);
    Runnable apply = () -> sent(target, entity.run(operation, input, at), at);
    if (at.isAfter(sentAt)) {
      due.add(at, Kind.SIGNAL, null, apply);
    } else {
      applyNow(apply);
    }
  }

  private void sent(EntityInstanceId sender, Reply reply, Instant at) {
    for (SentSignal s : reply.signals()) {
      signal(sender, s.target(), s.operation(), s.input(), at, s.scheduledTime());
    }
  }

  /**
   * Applies a signal now, after those already being applied: iteratively, so that entities that
   * signal each other at once cannot overflow the stack, and with a bound on the chain.
   */
  private void applyNow(Runnable apply) {
    applyNow.add(apply);
    if (applying) {
      return;
    }
    applying = true;
    try {
      int applied = 0;
      Runnable next;
      while ((next = applyNow.poll()) != null) {
        if (++applied > MAX_SIGNALS_AT_ONCE) {
          throw new IllegalStateException(
              "Entities signalled in orchestration '"
                  + orchestrationName
                  + "' applied "
                  + MAX_SIGNALS_AT_ONCE
                  + " signals at one virtual time, each sent by the one before; it looks like"
                  + " entities that signal each other (or themselves) without end. Signal with a"
                  + " scheduled time, or end the chain");
        }
        next.run();
      }
    } finally {
      applying = false;
      applyNow.clear();
    }
  }
}
