package io.durableentities.orchestration;

/**
 * An orchestration broke a rule of entity critical sections. The message names the orchestration,
 * the instance and the rule. The rules (see {@link OrchestrationEntities#lockEntities}):
 *
 * <ul>
 *   <li>the lock set is not empty;
 *   <li>no nested locks: no {@code lockEntities} inside a critical section;
 *   <li>inside a critical section, calls only to locked entities;
 *   <li>at most one outstanding call per locked entity;
 *   <li>no signals to locked entities;
 *   <li>no sub-orchestrations;
 *   <li>no continue-as-new.
 * </ul>
 *
 * Uncaught, it fails the orchestration; the runtime still releases the locks it holds.
 */
public class CriticalSectionViolationException extends OrchestrationException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception; the orchestration runtime does this.
   *
   * @param message the orchestration, the instance and the rule that was broken
   */
  public CriticalSectionViolationException(String message) {
    super(message);
  }
}
