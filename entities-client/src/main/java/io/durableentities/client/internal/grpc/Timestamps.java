package io.durableentities.client.internal.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Converts between {@link Instant} and protobuf {@link Timestamp}. */
public final class Timestamps {

  private Timestamps() {}

  /**
   * Converts an instant.
   *
   * @param instant the instant
   * @return the timestamp
   */
  public static Timestamp of(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /**
   * Converts a timestamp.
   *
   * @param timestamp the timestamp
   * @return the instant
   */
  public static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
