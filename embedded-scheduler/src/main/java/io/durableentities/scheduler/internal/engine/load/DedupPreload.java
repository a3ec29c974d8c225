package io.durableentities.scheduler.internal.engine.load;

import io.durableentities.scheduler.internal.engine.state.CurrentState;
import io.durableentities.scheduler.internal.engine.state.EngineState;
import io.durableentities.scheduler.internal.engine.state.SeenRequestIds;
import io.durableentities.scheduler.internal.store.Store;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request ids of the dedup window, read after a start by the writer thread before it takes its
 * first work, without holding the writer lock: the rows are read and fingerprinted (the costly
 * part, a SHA-256 each) outside the lock and put into the window {@value #CHUNK} at a time under
 * it, so that the reads a restarted scheduler serves meanwhile ({@code GetEntity}, queries, the
 * dashboard) wait for one chunk at most, not for the whole window (hundreds of thousands of ids
 * after a busy hour). Writes still come after the whole window: the writer takes none before.
 *
 * <p>Owned by the writer thread. When reading fails, the writer's first piece of work reads the
 * rest under the lock ({@link StateLoader#loadDedupAfter}), from the last row put in.
 */
public final class DedupPreload {

  private static final Logger log = LoggerFactory.getLogger(DedupPreload.class);

  /** Request ids put into the window per turn of the lock. */
  static final int CHUNK = 10_000;

  private final Store store;
  private final CurrentState current;
  private final InstantSource clock;
  private final long windowMillis;
  private final MessageDigest sha256;

  private boolean ran;

  /** The highest row id put into the window so far (0 for none). */
  private long through;

  private final long[] ids = new long[CHUNK];
  private final long[] fingerprints = new long[CHUNK];
  private final long[] seenAt = new long[CHUNK];
  private int buffered;

  public DedupPreload(Store store, CurrentState current, InstantSource clock, long windowMillis) {
    this.store = store;
    this.current = current;
    this.clock = clock;
    this.windowMillis = windowMillis;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256, which every JDK provides", e);
    }
  }

  /** The highest row id this preload put into the window (0 for none). */
  public long through() {
    return through;
  }

  /** Reads the window, the first time only (writer thread, lock not held). */
  public void runOnce() {
    if (ran) {
      return;
    }
    ran = true;
    long started = System.nanoTime();
    try {
      store.loadDedup(
          clock.millis() - windowMillis,
          (id, hub, instanceId, requestId, seen) -> {
            ids[buffered] = id;
            fingerprints[buffered] = SeenRequestIds.fingerprint(sha256, hub, instanceId, requestId);
            seenAt[buffered] = seen;
            if (++buffered == CHUNK) {
              flush();
            }
          });
      flush();
      long max = store.maxDedupId();
      current.lock().lock();
      try {
        EngineState s = current.orNull();
        if (s != null && !s.dedupLoaded()) {
          s.seenRequestIds().continueAfter(max);
          s.markDedupLoaded();
        }
      } finally {
        current.lock().unlock();
      }
      log.debug(
          "Read the dedup window's request ids through row {} in {} ms",
          through,
          (System.nanoTime() - started) / 1_000_000);
    } catch (SQLException | RuntimeException e) {
      log.warn(
          "Reading the dedup window ahead failed after row {}; the writer reads the rest before"
              + " its first write",
          through,
          e);
    }
  }

  private void flush() {
    if (buffered == 0) {
      return;
    }
    current.lock().lock();
    try {
      EngineState s = current.orNull();
      if (s == null || s.dedupLoaded()) {
        return; // a reload read the whole window itself
      }
      SeenRequestIds seen = s.seenRequestIds();
      for (int i = 0; i < buffered; i++) {
        seen.loaded(ids[i], fingerprints[i], seenAt[i]);
      }
      through = ids[buffered - 1];
    } finally {
      buffered = 0;
      current.lock().unlock();
    }
  }
}
