package io.durableentities.scheduler.internal.telemetry;

import java.util.List;

/**
 * What the scheduler's observable metrics report, copied out of the engine's memory by the writer
 * thread in one go (so that a collection never reads the writer's state from another thread).
 *
 * @param queues the entity names with a non-empty queue, per task hub
 * @param queuesKnown false while the queues cannot be counted whole (after a start or a reload,
 *     until the scheduler has indexed the stored queues memory lacks): no queue gauge is reported
 *     then, rather than a low one
 * @param leases the work items leased to workers now, per task hub and kind
 * @param residentEntities the entities memory holds, over all task hubs
 */
public record GaugeReadings(
    List<Queue> queues, boolean queuesKnown, List<Leases> leases, long residentEntities) {

  /** No state loaded: nothing to report but zero resident entities. */
  public static final GaugeReadings NONE = new GaugeReadings(List.of(), true, List.of(), 0);

  public GaugeReadings {
    queues = List.copyOf(queues);
    leases = List.copyOf(leases);
  }

  /**
   * The queued messages of the entities of one name.
   *
   * @param taskHub the task hub
   * @param entityName the entity name
   * @param depth the messages queued for entities of that name, those in flight and those on disk
   *     only (spilled, or stored before a restart and not read yet) included
   * @param oldestAgeMillis how long the oldest of them in memory has been queued (by the
   *     scheduler's clock); -1 when memory holds none of them (all on disk)
   */
  public record Queue(String taskHub, String entityName, long depth, long oldestAgeMillis) {}

  /**
   * The work items of one kind leased to workers in one task hub.
   *
   * @param taskHub the task hub
   * @param kind {@code entity}, {@code orchestrator} or {@code activity}
   * @param count how many are leased
   */
  public record Leases(String taskHub, String kind, long count) {}
}
