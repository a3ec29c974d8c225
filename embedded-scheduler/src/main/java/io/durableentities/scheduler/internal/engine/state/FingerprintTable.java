package io.durableentities.scheduler.internal.engine.state;

import java.util.Arrays;

/**
 * One generation of the dedup window's request ids: 64-bit fingerprints with the row id of each in
 * the stored log (as an offset from the generation's first row id), in an open-addressing table of
 * two primitive arrays (12 bytes per slot). The open generation grows by doubling at three quarters
 * full; a sealed one is rebuilt at four fifths full, 15 bytes per id. A fingerprint is only a hint:
 * equal fingerprints (of different ids) are all kept, and the caller confirms a match against the
 * stored row.
 */
final class FingerprintTable {

  private static final long FREE = 0;

  private long[] fingerprints;
  private int[] offsets;
  private int count;
  private final long firstId;
  private long lastId;
  private final long firstSeenAt;
  private long lastSeenAt;

  FingerprintTable(int slots, long firstId, long firstSeenAt) {
    this.fingerprints = new long[slots];
    this.offsets = new int[slots];
    this.firstId = firstId;
    this.lastId = firstId;
    this.firstSeenAt = firstSeenAt;
    this.lastSeenAt = firstSeenAt;
  }

  /** A fingerprint as stored: never {@link #FREE}. */
  static long stored(long fingerprint) {
    return fingerprint == FREE ? 1 : fingerprint;
  }

  int count() {
    return count;
  }

  int slots() {
    return fingerprints.length;
  }

  long firstSeenAt() {
    return firstSeenAt;
  }

  long lastSeenAt() {
    return lastSeenAt;
  }

  long lastId() {
    return lastId;
  }

  /** Whether {@code id} still fits as an offset from the first row id. */
  boolean takes(long id) {
    return id - firstId < Integer.MAX_VALUE;
  }

  /** Whether one more entry would fill the table beyond three quarters. */
  boolean isFull() {
    return (count + 1) * 4L > fingerprints.length * 3L;
  }

  private static int home(long fingerprint, int slots) {
    // The top 32 bits scaled to [0, slots): any table size works, not only powers of two.
    return (int) (((fingerprint >>> 32) * slots) >>> 32);
  }

  /** Adds an entry (the table must have room; equal fingerprints are kept side by side). */
  void add(long fingerprint, long id, long seenAt) {
    long f = stored(fingerprint);
    int slots = fingerprints.length;
    int s = home(f, slots);
    while (fingerprints[s] != FREE) {
      s = s + 1 == slots ? 0 : s + 1;
    }
    fingerprints[s] = f;
    offsets[s] = (int) (id - firstId);
    count++;
    lastId = Math.max(lastId, id);
    lastSeenAt = Math.max(lastSeenAt, seenAt);
  }

  /**
   * The row ids of the entries with this fingerprint, appended to {@code out} from {@code n} on;
   * returns the new length (the array grows as needed and comes back through {@code sink}).
   */
  int find(long fingerprint, long[][] sink, int n) {
    long f = stored(fingerprint);
    int slots = fingerprints.length;
    int s = home(f, slots);
    long[] out = sink[0];
    while (fingerprints[s] != FREE) {
      if (fingerprints[s] == f) {
        if (n == out.length) {
          out = Arrays.copyOf(out, Math.max(4, n * 2));
          sink[0] = out;
        }
        out[n++] = firstId + offsets[s];
      }
      s = s + 1 == slots ? 0 : s + 1;
    }
    return n;
  }

  /** A copy with {@code slots} slots (more than {@link #count()}). */
  FingerprintTable resized(int slots) {
    FingerprintTable t = new FingerprintTable(slots, firstId, firstSeenAt);
    for (int s = 0; s < fingerprints.length; s++) {
      if (fingerprints[s] != FREE) {
        t.add(fingerprints[s], firstId + offsets[s], firstSeenAt);
      }
    }
    t.lastId = lastId;
    t.lastSeenAt = lastSeenAt;
    return t;
  }

  /** The bytes this table takes (its arrays). */
  long bytes() {
    return fingerprints.length * 12L;
  }
}
