package io.durableentities.scheduler.internal.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.HistoryEvent;
import java.nio.charset.StandardCharsets;

/** Small conversions between protobuf values and the engine's plain values. */
final class Protos {
  private Protos() {}

  static Timestamp timestamp(long epochMillis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMillis, 1000))
        .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
        .build();
  }

  static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  static StringValue string(String value) {
    return StringValue.of(value);
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  static HistoryEvent parseEvent(byte[] bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored message is corrupt: " + e.getMessage(), e);
    }
  }
}
