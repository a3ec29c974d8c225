package io.durableentities.scheduler.internal.engine;

/**
 * What the writer thread passes each time before it waits for queued work, without the writer lock.
 * A seam ({@link EngineSeams#writerGate()}): a test that keeps the gate shut while it makes
 * requests has them queued, and the writer takes them together, in one group, once it opens. The
 * scheduler's gate is always {@linkplain #OPEN open}.
 */
@FunctionalInterface
public interface WriterGate {

  /** Never holds the writer. */
  WriterGate OPEN = () -> {};

  /**
   * Returns once the writer may take work; the writer takes nothing while this blocks.
   *
   * @throws InterruptedException when the writer is interrupted meanwhile (it then stops)
   */
  void pass() throws InterruptedException;
}
