package io.durableentities.orchestration.internal;

import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import io.durableentities.client.internal.grpc.EntityBatchConverter;
import io.durableentities.core.FailureDetails;
import io.durableentities.protocol.internal.TaskFailureDetails;
import java.time.Instant;

/** Conversions between wire (protobuf) values and the runtime's values. */
public final class Wire {

  private Wire() {}

  /**
   * Converts an instant to a timestamp.
   *
   * @param instant the instant
   * @return the timestamp
   */
  public static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  /**
   * Converts a timestamp to an instant.
   *
   * @param timestamp the timestamp
   * @return the instant
   */
  public static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  /**
   * Wraps a nullable string.
   *
   * @param value the string
   * @return the wrapper, or null when the value is null
   */
  public static StringValue string(String value) {
    return value == null ? null : StringValue.of(value);
  }

  /**
   * Converts failure details to the wire form.
   *
   * @param details the failure details
   * @return the wire form
   */
  public static TaskFailureDetails failure(FailureDetails details) {
    return EntityBatchConverter.toProto(details);
  }

  /**
   * Converts wire failure details.
   *
   * @param proto the wire form
   * @return the failure details
   */
  public static FailureDetails failure(TaskFailureDetails proto) {
    return EntityBatchConverter.fromProto(proto);
  }
}
