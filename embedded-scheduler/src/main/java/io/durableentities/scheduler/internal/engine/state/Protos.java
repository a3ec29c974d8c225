package io.durableentities.scheduler.internal.engine.state;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.HistoryEvent;
import io.durableentities.protocol.internal.ParentInstanceInfo;
import io.durableentities.protocol.internal.TaskFailureDetails;
import io.durableentities.protocol.internal.TraceContext;
import java.nio.charset.StandardCharsets;

/** Small conversions between protobuf values and the engine's plain values. */
public final class Protos {
  private Protos() {}

  public static Timestamp timestamp(long epochMillis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(epochMillis, 1000))
        .setNanos((int) Math.floorMod(epochMillis, 1000) * 1_000_000)
        .build();
  }

  public static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  public static StringValue string(String value) {
    return StringValue.of(value);
  }

  public static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  public static HistoryEvent parseEvent(byte[] bytes) {
    try {
      return HistoryEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored message is corrupt: " + e.getMessage(), e);
    }
  }

  /** A new history event of now: {@code eventId} -1 and the timestamp. */
  public static HistoryEvent.Builder event(long now) {
    return HistoryEvent.newBuilder().setEventId(-1).setTimestamp(timestamp(now));
  }

  public static ParentInstanceInfo parseParent(byte[] bytes) {
    try {
      return bytes == null ? null : ParentInstanceInfo.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored instance is corrupt: " + e.getMessage(), e);
    }
  }

  public static TaskFailureDetails parseFailure(byte[] bytes) {
    try {
      return bytes == null ? null : TaskFailureDetails.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored instance is corrupt: " + e.getMessage(), e);
    }
  }

  /** A stored message's trace context, or null when it has none. */
  public static TraceContext parseTraceContext(byte[] bytes) {
    try {
      return bytes == null ? null : TraceContext.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored message is corrupt: " + e.getMessage(), e);
    }
  }
}
