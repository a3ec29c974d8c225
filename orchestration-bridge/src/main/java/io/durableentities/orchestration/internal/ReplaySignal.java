package io.durableentities.orchestration.internal;

/**
 * Unwinds orchestration code when an episode ends: a task is not complete yet ({@link #BLOCKED}),
 * or the orchestration ended while it ran ({@link #ENDED}: continue-as-new, termination,
 * non-determinism). An {@link Error}, so that {@code catch (Exception e)} in orchestration code
 * does not swallow it; orchestration code must never catch it.
 */
public final class ReplaySignal extends Error {

  private static final long serialVersionUID = 1L;

  /** The episode ends because the orchestration waits for a task that is not complete. */
  public static final ReplaySignal BLOCKED =
      new ReplaySignal("The orchestration waits for a task; never catch this Error");

  /** The orchestration has ended (continue-as-new, termination, non-determinism). */
  public static final ReplaySignal ENDED =
      new ReplaySignal("The orchestration has ended; never catch this Error");

  private ReplaySignal(String message) {
    super(message, null, false, false);
  }
}
