package io.durableentities.scheduler.internal.engine.state;

/**
 * The stored queued messages memory lacks (the backlog), and how far the writer has read them. With
 * a file store memory holds at most about {@code maxResidentEntities} live entities: a message for
 * an entity memory lacks, when that many are live, is committed to the store but not read into
 * memory ({@link #spilled}); a start-up (and a reload after a failed write) leaves every stored
 * queue on disk the same way. The writer then reads the stored messages in id order, a page at a
 * time between requests, as room frees ({@code StateLoader#loadQueuePage}). Nothing is kept per
 * spilled entity: only the cursor, the generation and a flag.
 *
 * <p>The invariant that keeps FIFO per entity: <b>the queue memory holds of a resident entity is
 * always a prefix, in id order, of its stored queue (the messages not yet executed), and the whole
 * of it when the entity is {@linkplain #complete complete}</b>. Every stored message with an id up
 * to the {@link #cursor()} is in memory or executed. It holds because:
 *
 * <ul>
 *   <li>while nothing is spilled, every message goes to memory (every entity is complete);
 *   <li>the first spilled message starts a new generation with the cursor just before it: every
 *       older message is in memory, and every entity resident then is complete;
 *   <li>an entity that becomes resident while a backlog is pending (read by the pager, read from
 *       its row for a request, or created) is incomplete in that generation: it may have stored
 *       messages after the cursor. A message for it, as for an entity memory lacks, is spilled too,
 *       so its memory never gets ahead of its stored messages;
 *   <li>the pager walks the stored messages after the cursor in id order: a message of a complete
 *       entity is in memory already (skipped); one of an incomplete entity is appended (it follows
 *       what memory holds, which is all up to the cursor); one of an entity memory lacks loads the
 *       entity (incomplete) with it, only when there is room;
 *   <li>an entity leaves memory only with an empty queue, so its messages up to the cursor are
 *       executed and it takes nothing of its stored queue with it;
 *   <li>once the pager reaches the last stored message the generation ends and every resident
 *       entity is complete.
 * </ul>
 *
 * Messages in memory are therefore always deliverable in order. Part of the {@link EngineState};
 * every mutator checks the {@link WriterLock}.
 */
public final class QueueLoad {

  private final WriterLock lock;

  /** Entities that may be live (with a queue, a lock or a batch) before messages spill. */
  private final int maxLive;

  /** Whether stored messages exist that memory lacks. */
  private boolean active;

  /** Every stored message up to this id is in memory or executed (while active). */
  private long cursor;

  /** Counts the backlogs; an entity made resident during one is incomplete in it. */
  private int generation;

  /** Messages spilled since the start, for the log and the gauges. */
  private long spilledTotal;

  QueueLoad(WriterLock lock, int maxLive) {
    this.lock = lock;
    this.maxLive = Math.max(1, maxLive);
  }

  /** Starts a backlog: every stored message after {@code cursor} may be missing from memory. */
  public void start(long cursor) {
    lock.beforeChange();
    this.active = true;
    this.cursor = cursor;
    this.generation++;
  }

  /**
   * Records that message {@code id} was committed but not read into memory; {@code resident}, the
   * entity's object when memory holds it (idle, or incomplete), becomes incomplete.
   */
  public void spilled(long id, EntityRuntime resident) {
    lock.beforeChange();
    if (!active) {
      start(id - 1); // every older message is in memory: nothing was spilled before
    }
    spilledTotal++;
    if (resident != null) {
      resident.incompleteIn(generation);
    }
  }

  /** Records that the pager has handled every stored message up to {@code id}. */
  public void advance(long id) {
    lock.beforeChange();
    cursor = Math.max(cursor, id);
  }

  /** The pager read the last stored message: memory holds every queue whole again. */
  public void finish() {
    lock.beforeChange();
    active = false;
  }

  /** Whether stored messages remain that memory lacks. */
  public boolean inProgress() {
    return active;
  }

  /** Every stored message up to this id is in memory or executed (meaningful while active). */
  public long cursor() {
    return cursor;
  }

  /** Messages spilled since the start. */
  public long spilledTotal() {
    return spilledTotal;
  }

  /** How many entities may be live before messages for others spill (at least 1). */
  public int maxLive() {
    return maxLive;
  }

  /** Whether memory holds the whole stored queue of resident {@code e}. */
  public boolean complete(EntityRuntime e) {
    return !active || e.incompleteIn() != generation;
  }

  /** Marks an entity that just became resident: incomplete while a backlog is pending. */
  void becameResident(EntityRuntime e) {
    if (active) {
      e.incompleteIn(generation);
    }
  }
}
