package io.durableentities.scheduler.internal.engine.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The signal request ids seen within the dedup window, in memory, mirroring the store's append-only
 * {@code dedup_log}: a set for the duplicate check and the entries in the order they were seen
 * (ascending row ids), so that pruning forgets a prefix and deletes one row-id range.
 *
 * <p>Each (hub, entity, request id) is kept as a 128-bit fingerprint (the first 16 bytes of its
 * SHA-256), in an open-addressing table and a first-in-first-out ring of primitive arrays: 64–128
 * bytes per request id kept (both grow by doubling), i.e. 23–46 MB for a sustained 100 signals/s
 * over the default one-hour window. Two different keys share a fingerprint with probability
 * 2<sup>-128</sup> per pair, far below the chance of a storage error. Part of the {@link
 * EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class SeenRequestIds {

  private static final int INITIAL_SLOTS = 1 << 10;

  private final MessageDigest sha256;

  /** Fingerprints by slot: {@code table[2s]}, {@code table[2s+1]}; (0, 0) marks a free slot. */
  private long[] table = new long[2 * INITIAL_SLOTS];

  private int mask = INITIAL_SLOTS - 1;
  private int count;

  /** The ring of entries in the order seen: row id, seen at, and the fingerprint. */
  private long[] ringIds = new long[INITIAL_SLOTS];

  private long[] ringSeenAt = new long[INITIAL_SLOTS];
  private long[] ringHigh = new long[INITIAL_SLOTS];
  private long[] ringLow = new long[INITIAL_SLOTS];
  private int head;

  private long nextId = 1;
  private final WriterLock lock;

  /** An empty window guarded by {@code lock}. */
  public SeenRequestIds(WriterLock lock) {
    this.lock = lock;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256, which every JDK provides", e);
    }
  }

  /**
   * Records a request id; returns its new row id, or 0 when it was already seen (a duplicate). The
   * caller stores the row in the same transaction.
   */
  public long add(String hub, String instanceId, String requestId, long now) {
    lock.beforeChange();
    fingerprint(hub, instanceId, requestId);
    if (!insert(high, low)) {
      return 0;
    }
    long id = nextId++;
    append(id, now, high, low);
    return id;
  }

  /**
   * Makes new row ids continue after {@code storedMaxId}, the highest row id in the stored log,
   * which may be older than every row loaded into the window.
   */
  public void continueAfter(long storedMaxId) {
    lock.beforeChange();
    nextId = Math.max(nextId, storedMaxId + 1);
  }

  /** A row of the stored log, read in row-id order on start. */
  public void loaded(long id, String hub, String instanceId, String requestId, long seenAt) {
    lock.beforeChange();
    fingerprint(hub, instanceId, requestId);
    if (insert(high, low)) {
      append(id, seenAt, high, low);
    }
    nextId = Math.max(nextId, id + 1);
  }

  /**
   * Forgets the request ids seen before {@code cutoff}, oldest first (stops at the first one seen
   * later, even if the clock went back); returns the highest forgotten row id, or 0 when none.
   */
  public long forgetBefore(long cutoff) {
    lock.beforeChange();
    long through = 0;
    while (count > 0 && ringSeenAt[head] < cutoff) {
      remove(ringHigh[head], ringLow[head]);
      through = ringIds[head];
      head = (head + 1) % ringIds.length;
      count--;
    }
    return through;
  }

  /** How many request ids are remembered. */
  public int size() {
    return count;
  }

  // The fingerprint of the last key, in two fields to avoid an allocation per signal.
  private long high;
  private long low;

  private void fingerprint(String hub, String instanceId, String requestId) {
    sha256.reset();
    sha256.update(hub.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(instanceId.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest(requestId.getBytes(StandardCharsets.UTF_8)));
    high = digest.getLong();
    low = digest.getLong();
    if (high == 0 && low == 0) {
      low = 1; // (0, 0) marks a free slot
    }
  }

  private int slotOf(long h) {
    long x = h * 0x9E3779B97F4A7C15L;
    return (int) (x >>> 40) & mask;
  }

  /** Adds a fingerprint to the table; false when it is already there. */
  private boolean insert(long h, long l) {
    if ((count + 1) * 2 > mask + 1) {
      grow();
    }
    int s = slotOf(h);
    while (table[2 * s] != 0 || table[2 * s + 1] != 0) {
      if (table[2 * s] == h && table[2 * s + 1] == l) {
        return false;
      }
      s = (s + 1) & mask;
    }
    table[2 * s] = h;
    table[2 * s + 1] = l;
    return true;
  }

  /** Removes a fingerprint (backward-shift deletion keeps every probe chain unbroken). */
  private void remove(long h, long l) {
    int s = slotOf(h);
    while (table[2 * s] != h || table[2 * s + 1] != l) {
      if (table[2 * s] == 0 && table[2 * s + 1] == 0) {
        return;
      }
      s = (s + 1) & mask;
    }
    int free = s;
    int next = (free + 1) & mask;
    while (table[2 * next] != 0 || table[2 * next + 1] != 0) {
      int home = slotOf(table[2 * next]);
      // Move the entry at `next` into `free` when its home is not in the cyclic range (free, next].
      boolean homeInRange =
          free <= next ? home > free && home <= next : home > free || home <= next;
      if (!homeInRange) {
        table[2 * free] = table[2 * next];
        table[2 * free + 1] = table[2 * next + 1];
        free = next;
      }
      next = (next + 1) & mask;
    }
    table[2 * free] = 0;
    table[2 * free + 1] = 0;
  }

  private void append(long id, long seenAt, long h, long l) {
    if (count == ringIds.length) {
      ringIds = unwrap(ringIds);
      ringSeenAt = unwrap(ringSeenAt);
      ringHigh = unwrap(ringHigh);
      ringLow = unwrap(ringLow);
      head = 0;
    }
    int tail = (head + count) % ringIds.length;
    ringIds[tail] = id;
    ringSeenAt[tail] = seenAt;
    ringHigh[tail] = h;
    ringLow[tail] = l;
    count++;
  }

  /** A copy of a full ring, oldest first, with twice the room. */
  private long[] unwrap(long[] ring) {
    long[] bigger = new long[ring.length * 2];
    int firstPart = ring.length - head;
    System.arraycopy(ring, head, bigger, 0, firstPart);
    System.arraycopy(ring, 0, bigger, firstPart, head);
    return bigger;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    mask = table.length / 2 - 1;
    for (int s = 0; s < old.length / 2; s++) {
      if (old[2 * s] != 0 || old[2 * s + 1] != 0) {
        insert(old[2 * s], old[2 * s + 1]);
      }
    }
  }
}
