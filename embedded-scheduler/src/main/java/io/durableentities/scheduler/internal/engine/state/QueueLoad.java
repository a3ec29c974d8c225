package io.durableentities.scheduler.internal.engine.state;

import io.durableentities.scheduler.internal.store.BacklogSpan;
import java.util.HashMap;
import java.util.Map;

/**
 * The stored queued messages memory lacks (the backlog), and how far the writer has read them. With
 * a file store memory holds at most about {@code maxResidentEntities} live entities: a message for
 * an entity memory lacks, when that many are live, is committed to the store but not read into
 * memory ({@link #spilled}); a start-up (and a reload after a failed write) leaves every stored
 * queue on disk the same way. The writer then reads the stored messages in id order, a page at a
 * time between requests, as room frees ({@code StateLoader#loadQueuePage}). Kept here: the cursor,
 * the generation, a flag, the fill's position and, per task hub and entity name, how many stored
 * messages memory lacks ({@link #onDisk}, for the queue-depth gauge: bounded by the names, not the
 * entities).
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
 * Messages in memory are therefore always deliverable in order.
 *
 * <p>The keys of the messages memory lacks are in the store's {@code backlog} table (schema version
 * 7), so that one entity's part is counted, and the entities with one listed, in their own keys:
 * <b>while a backlog is pending, a stored message after the cursor that memory lacks has a row in
 * {@code backlog} unless its id is in the part the fill has not reached; no other row is there</b>.
 * A spilled message gets its row in the same transaction ({@code EntityWrites}); the pager deletes
 * the row of each message it reads into memory (or finds there) in the piece of work that reads it;
 * the table is emptied when the backlog ends. A start or a reload leaves every stored message to
 * the pager, so the fill ({@code BacklogFill}) copies the keys of the messages up to the last id at
 * the load ({@link #fillTarget()}) into the table, in pieces by id; the pager reads no message past
 * the fill's position ({@link #readLimit()}), and the readers read the part not filled yet from the
 * log itself ({@link BacklogSpan}); they begin their read of the store under the writer lock (the
 * read sees the commit memory shows), so a count adds to memory exactly what it lacked. A message
 * that goes to memory writes no row: the normal path pays nothing.
 *
 * <p>Part of the {@link EngineState}; every mutator checks the {@link WriterLock}.
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

  /** The fill has copied the keys of the stored messages up to this id into {@code backlog}. */
  private long filledThrough;

  /** The fill copies the keys up to this id (the last message id when the load left them). */
  private long fillTarget;

  /**
   * The stored messages memory lacks, per task hub and entity name (names with none are absent):
   * raised per spilled message and per piece of the fill, lowered per message the pager reads into
   * memory, emptied when the backlog ends. Complete once the fill is done.
   */
  private final Map<String, Map<String, Long>> onDisk = new HashMap<>();

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
   * Starts a backlog after a load that left every stored queue on disk: every stored message, up to
   * {@code lastMessage}, is missing from memory and not yet in {@code backlog} (the fill copies its
   * key there; the pager reads none past what the fill has copied).
   */
  public void startAfterLoad(long lastMessage) {
    start(0);
    filledThrough = 0;
    fillTarget = lastMessage;
  }

  /**
   * Records that message {@code id} of an entity of {@code entityName} was committed (with its row
   * in {@code backlog}) but not read into memory; {@code resident}, the entity's object when memory
   * holds it (idle, or incomplete), becomes incomplete.
   */
  public void spilled(long id, String hub, String entityName, EntityRuntime resident) {
    lock.beforeChange();
    if (!active) {
      start(id - 1); // every older message is in memory: nothing was spilled before
    }
    spilledTotal++;
    add(hub, entityName, 1);
    if (resident != null) {
      resident.incompleteIn(generation);
    }
  }

  /**
   * Records a piece of the fill: the keys of the stored messages up to {@code through} are in
   * {@code backlog}; {@code counts}, per task hub and entity name, the messages that piece holds.
   */
  public void filled(long through, Map<String, Map<String, Long>> counts) {
    lock.beforeChange();
    filledThrough = Math.max(filledThrough, through);
    counts.forEach((hub, byName) -> byName.forEach((name, n) -> add(hub, name, n)));
  }

  /** Records that the pager read a stored message of an entity of that name into memory. */
  public void readIntoMemory(String hub, String entityName) {
    lock.beforeChange();
    add(hub, entityName, -1);
  }

  private void add(String hub, String entityName, long n) {
    Map<String, Long> byName = onDisk.computeIfAbsent(hub, h -> new HashMap<>());
    if (byName.merge(entityName, n, Long::sum) <= 0) {
      byName.remove(entityName);
    }
    if (byName.isEmpty()) {
      onDisk.remove(hub);
    }
  }

  /**
   * The stored messages memory lacks of a task hub, per entity name (a copy; empty when none): what
   * the queue-depth gauge adds to the queues in memory. Complete only once the fill is done ({@link
   * #filling()}).
   */
  public Map<String, Long> onDisk(String hub) {
    lock.checkHeld();
    Map<String, Long> byName = onDisk.get(hub);
    return byName == null ? Map.of() : Map.copyOf(byName);
  }

  /** Records that the pager has handled every stored message up to {@code id}. */
  public void advance(long id) {
    lock.beforeChange();
    cursor = Math.max(cursor, id);
  }

  /**
   * The pager read the last stored message: memory holds every queue whole again (the caller
   * empties {@code backlog} in the same piece of work).
   */
  public void finish() {
    lock.beforeChange();
    active = false;
    onDisk.clear();
    filledThrough = 0;
    fillTarget = 0;
  }

  /** Whether stored messages remain that memory lacks. */
  public boolean inProgress() {
    return active;
  }

  /**
   * Whether the fill after a load has not copied every key into {@code backlog} yet: answers that
   * read the table then also read the part not filled ({@link #span()}), and the storage cleaning
   * waits.
   */
  public boolean filling() {
    return active && filledThrough < fillTarget;
  }

  /** The fill has copied the keys of the stored messages up to this id. */
  public long filledThrough() {
    return filledThrough;
  }

  /** The fill copies the keys of the stored messages up to this id (0: no fill). */
  public long fillTarget() {
    return fillTarget;
  }

  /** The highest id the pager may read now: not past the fill's position while it runs. */
  public long readLimit() {
    return filling() ? filledThrough : Long.MAX_VALUE;
  }

  /**
   * Which stored messages memory lacks, for a read of the store outside the lock; null when no
   * backlog is pending (memory holds every queue whole).
   */
  public BacklogSpan span() {
    lock.checkHeld();
    return active ? new BacklogSpan(cursor, filledThrough, fillTarget) : null;
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
