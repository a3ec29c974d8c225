package io.durableentities.client.internal.grpc;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the GUID request ids of signals, in the standard UUID form with version 4 and variant bits.
 *
 * <p>The scheduler drops a signal whose request id it has already seen for the same entity, so two
 * different signals must never share an id: a collision would silently lose one of them. Each id is
 * a 60-bit random process prefix drawn once from {@link SecureRandom} plus a 62-bit counter: unique
 * within the process by construction, and across processes unless two processes draw the same
 * prefix (about 1 in 10<sup>12</sup> for a thousand concurrent clients). {@link UUID#randomUUID()}
 * would instead lock one shared {@code SecureRandom} for every signal, which showed up in profiles
 * with many sending threads; {@code ThreadLocalRandom} would be fast but has only 64 bits of state,
 * shared by all threads on one sequence.
 */
final class RequestIds {

  private static final long PREFIX = (new SecureRandom().nextLong() & ~0xF000L) | 0x4000L;
  private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong());
  private static final long VARIANT_MASK = 0xC000_0000_0000_0000L;
  private static final long VARIANT = 0x8000_0000_0000_0000L;

  private RequestIds() {}

  /**
   * Returns a new request id.
   *
   * @return a UUID string, such as {@code 0f8fad5b-d9cb-469f-a165-70867728950e}
   */
  static String next() {
    long low = (COUNTER.getAndIncrement() & ~VARIANT_MASK) | VARIANT;
    return new UUID(PREFIX, low).toString();
  }
}
