package io.durableentities.client.internal.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The fields of one message type that {@link PayloadCodec} visits, worked out once from its
 * descriptor: the fields that are a payload (a {@code StringValue} not in {@link #NOT_PAYLOADS}) or
 * a message that can contain one, with the members of each oneof apart, since at most one of them
 * is set. Message types that cannot contain a payload (timestamps, trace contexts, instance ids,
 * failure-free plain messages) are never entered.
 */
final class PayloadFields {

  private static final Descriptor STRING_VALUE = StringValue.getDescriptor();
  private static final Map<Descriptor, PayloadFields> PLANS = new ConcurrentHashMap<>();

  /**
   * The {@code StringValue} fields of the contract that hold ids, versions, names, query filters or
   * trace context, never a payload: neither the Durable Task SDKs' blob-payload extensions nor this
   * codec store them.
   */
  static final Set<String> NOT_PAYLOADS =
      Set.of(
          "version",
          "newVersion",
          "name",
          "instanceId",
          "executionId",
          "parentInstanceId",
          "parentExecutionId",
          "targetInstanceId",
          "instanceIdStartsWith",
          "instanceIdPrefix",
          "lastInstanceKey",
          "continuationToken",
          "lockedBy",
          "traceState",
          "spanID",
          "orchestrationSpanID");

  /** The fields outside (real) oneofs that can hold a payload. */
  final FieldDescriptor[] fields;

  /** The oneofs with a member that can hold a payload. */
  final OneofDescriptor[] oneofs;

  /** By field index: whether the field can hold a payload. */
  private final boolean[] reaches;

  private PayloadFields(Descriptor type) {
    List<FieldDescriptor> plain = new ArrayList<>();
    Set<OneofDescriptor> withPayloads = new LinkedHashSet<>();
    reaches = new boolean[type.getFields().size()];
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
          || !reaches(field, new HashSet<>())) {
        continue;
      }
      reaches[field.getIndex()] = true;
      OneofDescriptor oneof = field.getRealContainingOneof();
      if (oneof == null) {
        plain.add(field);
      } else {
        withPayloads.add(oneof);
      }
    }
    fields = plain.toArray(FieldDescriptor[]::new);
    oneofs = withPayloads.toArray(OneofDescriptor[]::new);
  }

  /**
   * Returns the fields of a message type.
   *
   * @param type the type
   * @return its fields to visit, worked out once
   */
  static PayloadFields of(Descriptor type) {
    PayloadFields plan = PLANS.get(type);
    if (plan != null) {
      return plan;
    }
    plan = new PayloadFields(type);
    PayloadFields earlier = PLANS.putIfAbsent(type, plan);
    return earlier != null ? earlier : plan;
  }

  /**
   * Tells whether the type has nothing to visit.
   *
   * @return whether no field can hold a payload
   */
  boolean isEmpty() {
    return fields.length == 0 && oneofs.length == 0;
  }

  /**
   * Returns the member of a oneof that is set, when it can hold a payload.
   *
   * @param message a message of this type
   * @param oneof one of {@link #oneofs}
   * @return the set member, or null when none is set or it cannot hold a payload
   */
  FieldDescriptor setMember(Message message, OneofDescriptor oneof) {
    FieldDescriptor set = message.getOneofFieldDescriptor(oneof);
    return set != null && reaches[set.getIndex()] ? set : null;
  }

  /**
   * Tells, without allocating, whether a payload of a message (at any depth) passes a test.
   *
   * @param message the message
   * @param test the test of a payload
   * @return whether one passes
   */
  static boolean any(Message message, Predicate<String> test) {
    PayloadFields plan = of(message.getDescriptorForType());
    for (FieldDescriptor field : plan.fields) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        for (int i = 0; i < count; i++) {
          if (anyIn((Message) message.getRepeatedField(field, i), test)) {
            return true;
          }
        }
      } else if (message.hasField(field) && anyIn((Message) message.getField(field), test)) {
        return true;
      }
    }
    for (OneofDescriptor oneof : plan.oneofs) {
      FieldDescriptor set = plan.setMember(message, oneof);
      if (set != null && anyIn((Message) message.getField(set), test)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyIn(Message value, Predicate<String> test) {
    return value instanceof StringValue payload ? test.test(payload.getValue()) : any(value, test);
  }

  /** Whether a message field is a payload, or a message that can contain one. */
  private static boolean reaches(FieldDescriptor field, Set<Descriptor> seen) {
    Descriptor type = field.getMessageType();
    if (type.equals(STRING_VALUE)) {
      return !NOT_PAYLOADS.contains(field.getName());
    }
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor inner : type.getFields()) {
      if (inner.getJavaType() == FieldDescriptor.JavaType.MESSAGE && reaches(inner, seen)) {
        return true;
      }
    }
    return false;
  }
}
