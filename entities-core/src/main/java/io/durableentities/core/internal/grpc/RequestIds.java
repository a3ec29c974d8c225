package io.durableentities.core.internal.grpc;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the GUID request ids of signals: random (version 4) UUIDs drawn from the calling thread's
 * {@link ThreadLocalRandom}. A request id only has to be unique (the scheduler dedupes retried
 * messages by it), not unpredictable; {@link UUID#randomUUID()} draws from one {@code SecureRandom}
 * that every sending thread locks in turn.
 */
final class RequestIds {

  private RequestIds() {}

  /**
   * Returns a new request id.
   *
   * @return a random UUID string, such as {@code 0f8fad5b-d9cb-469f-a165-70867728950e}
   */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000_0000_0000_0000L)) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
