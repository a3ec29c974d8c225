package io.durableentities.scheduler.internal.engine.state;

/**
 * How far the stored entity queues have been read into memory. A file store's start-up listens
 * before it reads the queues: the writer then reads them in pages, in append order, between the
 * requests it serves ({@code StateLoader#loadQueuePage}). Until the last page, an entity delivers
 * only messages up to the {@link #loadedThrough()} id: those are its oldest (every stored one it
 * has up to there is read), while a message it received since the start, whose id follows every
 * stored one, waits until the stored ones before it are read. FIFO per entity holds across the
 * restart. Part of the {@link EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class QueueLoad {

  private final WriterLock lock;

  /** The highest message id read; {@link Long#MAX_VALUE} once every stored message is. */
  private long loadedThrough = Long.MAX_VALUE;

  /** The highest stored message id when loading started. */
  private long lastStored;

  QueueLoad(WriterLock lock) {
    this.lock = lock;
  }

  /** Starts loading the stored messages up to {@code lastStoredId} (nothing to do when 0). */
  public void start(long lastStoredId) {
    lock.beforeChange();
    lastStored = lastStoredId;
    loadedThrough = lastStoredId > 0 ? 0 : Long.MAX_VALUE;
  }

  /** Records that every stored message up to {@code id} is in memory. */
  public void loadedThrough(long id) {
    lock.beforeChange();
    loadedThrough = id >= lastStored ? Long.MAX_VALUE : id;
  }

  /** Whether stored messages remain to be read. */
  public boolean inProgress() {
    return loadedThrough != Long.MAX_VALUE;
  }

  /** The highest message id in memory with every stored one before it; MAX_VALUE when done. */
  public long loadedThrough() {
    return loadedThrough;
  }

  /** The highest stored message id when loading started (later ones are in memory already). */
  public long lastStored() {
    return lastStored;
  }

  /** Whether a queued message may be delivered now as far as loading goes. */
  boolean deliverable(QueuedMessage m) {
    return m.id() <= loadedThrough;
  }
}
