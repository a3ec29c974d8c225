package io.durableentities.scheduler.internal.engine.state;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The work items of one hub leased to streams: entity batches and orchestrator and activity work
 * items by completion token, and the tokens remembered after their lease ended (to name the entity
 * of a stale token, and to accept the completion of work whose instance moved on). Part of its
 * {@link HubState}; every mutator checks the {@link WriterLock}.
 */
public final class HubLeases {

  /** Tokens remembered after their lease ended. */
  private static final int RETIRED_TOKENS = 10_000;

  private final WriterLock lock;
  private final Map<String, Lease> leases = new HashMap<>();
  private final Collection<Lease> leasesView = Collections.unmodifiableCollection(leases.values());
  private final Map<String, String> retiredTokens = bounded(RETIRED_TOKENS);
  private final Map<String, TaskLease> taskLeases = new HashMap<>();
  private final Collection<TaskLease> taskLeasesView =
      Collections.unmodifiableCollection(taskLeases.values());

  /**
   * Tokens of work items whose instance moved on while they were leased (terminated, replaced,
   * purged, continued as new): their completions are accepted and ignored, not refused.
   */
  private final Map<String, String> movedOn = bounded(RETIRED_TOKENS);

  HubLeases(WriterLock lock) {
    this.lock = lock;
  }

  private static <K, V> Map<K, V> bounded(int max) {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /** Records a batch leased to a stream. */
  public void add(Lease l) {
    lock.beforeChange();
    leases.put(l.token(), l);
    l.stream().addLease(l);
    l.entity().lease(l);
  }

  /** The live entity lease of a token, or null. */
  public Lease entityLease(String token) {
    return leases.get(token);
  }

  /** The live entity leases (a read-only view). */
  public Collection<Lease> entityLeases() {
    return leasesView;
  }

  /** Ends a lease (completed or released); its token is remembered to name the entity. */
  public void retire(Lease l) {
    lock.beforeChange();
    leases.remove(l.token());
    retiredTokens.put(l.token(), l.entity().instanceId());
    l.stream().removeLease(l);
    l.entity().clearLease(l);
  }

  /** The entity of a token whose lease ended, or null when unknown. */
  public String retiredEntity(String token) {
    return retiredTokens.get(token);
  }

  /** Records an orchestrator or activity work item leased to a stream. */
  public void add(TaskLease l) {
    lock.beforeChange();
    taskLeases.put(l.token(), l);
    l.stream().addTaskLease(l);
    if (l.orchestration() != null) {
      l.orchestration().lease(l);
    } else {
      l.activity().lease(l);
    }
  }

  /** The live task lease of a token, or null. */
  public TaskLease taskLease(String token) {
    return taskLeases.get(token);
  }

  /** The live task leases (a read-only view). */
  public Collection<TaskLease> taskLeases() {
    return taskLeasesView;
  }

  /** Ends a task lease; false when it had already ended. */
  public boolean retire(TaskLease l) {
    lock.beforeChange();
    if (taskLeases.remove(l.token()) == null) {
      return false;
    }
    l.stream().removeTaskLease(l);
    if (l.orchestration() != null) {
      l.orchestration().clearLease(l);
    } else {
      l.activity().clearLease(l);
    }
    return true;
  }

  /** Ends a lease whose instance moved on: its completion will be accepted and ignored. */
  public void retireMovedOn(TaskLease l) {
    lock.beforeChange();
    movedOn.put(l.token(), l.instanceId());
    retire(l);
  }

  /** Whether a token belongs to a work item whose instance moved on while it was leased. */
  public boolean movedOn(String token) {
    return movedOn.containsKey(token);
  }
}
