package io.durableentities.scheduler.internal.engine.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The signal request ids seen within the dedup window, as a filter in front of the store's
 * append-only {@code dedup_log}: a 64-bit fingerprint of each (hub, entity, request id) with the
 * row id of its stored row. A fingerprint found here is only a candidate: the caller confirms it
 * against that row ({@link #rowsOf}), so a false match (two ids sharing a fingerprint) never drops
 * a signal, and every id of the window is here, so a duplicate is always caught.
 *
 * <p>Ids are kept in generations ({@link FingerprintTable}) of at most a sixteenth of the window
 * each, in the order seen: pruning forgets whole generations whose newest id left the window, and
 * the store deletes their row-id range. A sealed generation takes 15 bytes per id; the open one,
 * growing by doubling, 16–32 bytes per id and at most {@value #MAX_OPEN_SLOTS} slots (24 MiB): at a
 * sustained 1,000 signals/s a one-hour window keeps 3.6 million ids in about 55 MB. Part of the
 * {@link EngineState}; every mutator checks the {@link WriterLock}.
 */
public final class SeenRequestIds {

  private static final int INITIAL_SLOTS = 1 << 10;

  /** The most slots of the open generation; a full one is sealed and a new one opened. */
  static final int MAX_OPEN_SLOTS = 1 << 21;

  /** Generations per window: ids are remembered up to a sixteenth of a window longer. */
  private static final int GENERATIONS = 16;

  private static final long[] NONE = new long[0];

  private final WriterLock lock;
  private final MessageDigest sha256;
  private final long generationMillis;

  /** Sealed generations, oldest first. */
  private final ArrayDeque<FingerprintTable> sealed = new ArrayDeque<>();

  /** The generation ids are added to; null until the first. */
  private FingerprintTable open;

  private int count;
  private long nextId = 1;
  private final long[][] found = {new long[4]};

  /**
   * An empty window guarded by {@code lock}.
   *
   * @param windowMillis the dedup window, which sets how long a generation stays open
   */
  public SeenRequestIds(WriterLock lock, long windowMillis) {
    this.lock = lock;
    this.generationMillis = Math.max(1, windowMillis / GENERATIONS);
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256, which every JDK provides", e);
    }
  }

  /** The fingerprint of a request id of an entity (writer thread). */
  public long fingerprint(String hub, String instanceId, String requestId) {
    lock.checkHeld();
    return fingerprint(sha256, hub, instanceId, requestId);
  }

  /**
   * The fingerprint of a request id of an entity, computed with the caller's own digest (so that a
   * thread that holds no lock can compute fingerprints ahead of {@link #loaded(long, long, long)}).
   */
  public static long fingerprint(
      MessageDigest sha256, String hub, String instanceId, String requestId) {
    sha256.reset();
    sha256.update(hub.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(instanceId.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    return ByteBuffer.wrap(sha256.digest(requestId.getBytes(StandardCharsets.UTF_8))).getLong();
  }

  /**
   * The row ids of the stored log whose request ids share this fingerprint, oldest generation
   * first: the rows to confirm a duplicate against (empty, almost always, for a new id).
   */
  public long[] rowsOf(long fingerprint) {
    lock.checkHeld();
    int n = 0;
    for (FingerprintTable t : sealed) {
      n = t.find(fingerprint, found, n);
    }
    if (open != null) {
      n = open.find(fingerprint, found, n);
    }
    return n == 0 ? NONE : Arrays.copyOf(found[0], n);
  }

  /**
   * Records a new request id (the caller found no stored row confirming it as a duplicate) and
   * returns its row id; the caller stores the row in the same transaction.
   */
  public long add(long fingerprint, long now) {
    lock.beforeChange();
    long id = nextId++;
    put(fingerprint, id, now);
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
    loaded(id, fingerprint(hub, instanceId, requestId), seenAt);
  }

  /** A row of the stored log whose fingerprint was computed ahead, read in row-id order. */
  public void loaded(long id, long fingerprint, long seenAt) {
    lock.beforeChange();
    put(fingerprint, id, seenAt);
    nextId = Math.max(nextId, id + 1);
  }

  /**
   * Forgets the generations whose newest request id was seen before {@code cutoff}, oldest first;
   * returns the highest row id they held (the stored rows through it may go), or 0 when none.
   */
  public long forgetBefore(long cutoff) {
    lock.beforeChange();
    long through = 0;
    while (!sealed.isEmpty() && sealed.peekFirst().lastSeenAt() < cutoff) {
      FingerprintTable t = sealed.pollFirst();
      count -= t.count();
      through = t.lastId();
    }
    if (sealed.isEmpty() && open != null && open.lastSeenAt() < cutoff) {
      count -= open.count();
      through = open.lastId();
      open = null;
    }
    return through;
  }

  /** How many request ids are remembered. */
  public int size() {
    return count;
  }

  /** The bytes the remembered ids take (the generations' arrays). */
  public long bytes() {
    long bytes = open == null ? 0 : open.bytes();
    for (FingerprintTable t : sealed) {
      bytes += t.bytes();
    }
    return bytes;
  }

  private void put(long fingerprint, long id, long seenAt) {
    if (open != null && (seenAt - open.firstSeenAt() >= generationMillis || !open.takes(id))) {
      seal();
    }
    if (open != null && open.isFull()) {
      if (open.slots() < MAX_OPEN_SLOTS) {
        open = open.resized(Math.min(MAX_OPEN_SLOTS, open.slots() * 2));
      } else {
        seal();
      }
    }
    if (open == null) {
      open = new FingerprintTable(INITIAL_SLOTS, id, seenAt);
    }
    open.add(fingerprint, id, seenAt);
    count++;
  }

  /** Closes the open generation, rebuilt four fifths full (15 bytes per id). */
  private void seal() {
    sealed.addLast(open.resized(Math.max(16, open.count() + open.count() / 4 + 1)));
    open = null;
  }
}
