package io.durableentities.client.internal.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.protocol.internal.OrchestrationInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves large payloads out of protocol messages and back, for a {@link PayloadStore}.
 *
 * <p>Every payload of the contract (inputs, outputs, results, entity states, event data, custom
 * statuses, reasons) is a {@code google.protobuf.StringValue} field, while names, ids and versions
 * are plain strings; so the codec walks a message's {@code StringValue} fields, at any depth, and
 * replaces those of at least {@link PayloadStore#thresholdBytes()} UTF-8 bytes by the store's token
 * ({@link #externalize}), or each token by its payload ({@link #resolve}). The fields to visit per
 * message type are worked out once from the descriptors. A message without a change is returned as
 * is.
 *
 * <p>Without a store, {@link #externalize} changes nothing and {@link #resolve} checks that no
 * value is a token ({@value #TOKEN_PREFIX}...), failing with a message that names the instance or
 * entity and the fix when one is.
 */
public final class PayloadCodec {

  /** The form of the Durable Task SDKs' blob-payload tokens: {@code blob:v1:<container>:<blob>}. */
  public static final String TOKEN_PREFIX = "blob:v1:";

  private static final PayloadCodec NONE = new PayloadCodec(null, "");
  private static final Descriptor STRING_VALUE = StringValue.getDescriptor();
  private static final Map<Descriptor, List<FieldDescriptor>> PLANS = new ConcurrentHashMap<>();

  private final PayloadStore store;
  private final String fix;
  private final int threshold;

  private PayloadCodec(PayloadStore store, String fix) {
    this.store = store;
    this.fix = fix;
    this.threshold = store == null ? Integer.MAX_VALUE : store.thresholdBytes();
  }

  /**
   * Returns a codec for a store.
   *
   * @param store the store, or null for none
   * @param builder the builder that sets one, named in the error for a token without a store, such
   *     as {@code DurableWorker.Builder}
   * @return the codec
   * @throws IllegalArgumentException if the store's threshold is out of range
   */
  public static PayloadCodec of(PayloadStore store, String builder) {
    if (store == null) {
      return new PayloadCodec(null, builder);
    }
    int threshold = store.thresholdBytes();
    if (threshold < PayloadStore.MIN_THRESHOLD_BYTES
        || threshold > PayloadStore.MAX_THRESHOLD_BYTES) {
      throw new IllegalArgumentException(
          "The payload store "
              + store
              + " has a threshold of "
              + threshold
              + " bytes; it must be between "
              + PayloadStore.MIN_THRESHOLD_BYTES
              + " and "
              + PayloadStore.MAX_THRESHOLD_BYTES
              + " bytes");
    }
    return new PayloadCodec(store, builder);
  }

  /**
   * Returns a codec without a store that checks nothing.
   *
   * @return the codec
   */
  static PayloadCodec none() {
    return NONE;
  }

  /**
   * Tells whether there is a store.
   *
   * @return whether payloads are externalized
   */
  public boolean hasStore() {
    return store != null;
  }

  /**
   * Replaces each large payload of a message by a token.
   *
   * @param message an outgoing message
   * @param <M> the message type
   * @return the message with tokens, or the same message when nothing is large or there is no store
   * @throws PayloadStoreException when the store fails
   */
  @SuppressWarnings("unchecked")
  public <M extends Message> M externalize(M message) {
    if (store == null) {
      return message;
    }
    return (M) walk(message, null, this::store);
  }

  /**
   * Replaces each token of a message by its payload.
   *
   * @param message an incoming message
   * @param <M> the message type
   * @return the message with payloads, or the same message when it has no token
   * @throws PayloadStoreException when the store fails, or a token arrives and there is no store
   */
  @SuppressWarnings("unchecked")
  public <M extends Message> M resolve(M message) {
    if (this == NONE) {
      return message;
    }
    return (M) walk(message, null, this::load);
  }

  /** What to do with one payload; returns the same instance when nothing changes. */
  private interface Step {
    StringValue apply(StringValue value, String owner, String field);
  }

  private StringValue store(StringValue value, String owner, String field) {
    String payload = value.getValue();
    if (payload.length() < threshold / 3 || utf8Length(payload) < threshold) {
      return value;
    }
    return StringValue.of(store.upload(payload));
  }

  private StringValue load(StringValue value, String owner, String field) {
    String payload = value.getValue();
    if (!payload.startsWith(TOKEN_PREFIX) && (store == null || !store.isKnownToken(payload))) {
      return value;
    }
    if (store == null) {
      throw new PayloadStoreException(
          (owner == null ? "A message" : owner)
              + " has its '"
              + field
              + "' stored outside the scheduler ("
              + payload
              + "), but this "
              + fix.substring(0, fix.indexOf('.'))
              + " has no payload store to read it from: configure "
              + fix
              + ".payloadStore(...) (AzureBlobPayloadStore of"
              + " io.durableentities:entities-azure-blob-payloads) with the storage account and"
              + " container of the worker or client that stored it");
    }
    return StringValue.of(store.download(payload));
  }

  private Message walk(Message message, String owner, Step step) {
    List<FieldDescriptor> fields = plan(message.getDescriptorForType());
    if (fields.isEmpty()) {
      return message;
    }
    String here = owner != null ? owner : ownerOf(message);
    Message.Builder changed = null;
    for (FieldDescriptor field : fields) {
      if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        for (int i = 0; i < count; i++) {
          Message value = (Message) message.getRepeatedField(field, i);
          Message next = visit(value, here, field, step);
          if (next != value) {
            changed = changed != null ? changed : message.toBuilder();
            changed.setRepeatedField(field, i, next);
          }
        }
      } else if (message.hasField(field)) {
        Message value = (Message) message.getField(field);
        Message next = visit(value, here, field, step);
        if (next != value) {
          changed = changed != null ? changed : message.toBuilder();
          changed.setField(field, next);
        }
      }
    }
    return changed == null ? message : changed.build();
  }

  private Message visit(Message value, String owner, FieldDescriptor field, Step step) {
    if (value instanceof StringValue payload) {
      return step.apply(payload, owner, field.getName());
    }
    return walk(value, owner, step);
  }

  /** Names the instance or entity a message is about, from its instance id, for messages. */
  private static String ownerOf(Message message) {
    Descriptor type = message.getDescriptorForType();
    FieldDescriptor id = type.findFieldByName("instanceId");
    String instanceId = null;
    if (id != null && id.getType() == FieldDescriptor.Type.STRING && !id.isRepeated()) {
      instanceId = (String) message.getField(id);
    } else {
      FieldDescriptor instance = type.findFieldByName("orchestrationInstance");
      if (instance != null
          && !instance.isRepeated()
          && message.hasField(instance)
          && message.getField(instance) instanceof OrchestrationInstance o) {
        instanceId = o.getInstanceId();
      }
    }
    if (instanceId == null || instanceId.isEmpty()) {
      return null;
    }
    return instanceId.startsWith("@")
        ? "The entity " + instanceId
        : "The orchestration instance '" + instanceId + "'";
  }

  /** The message fields of a type that are, or can contain, a {@code StringValue}. */
  private static List<FieldDescriptor> plan(Descriptor type) {
    List<FieldDescriptor> plan = PLANS.get(type);
    if (plan != null) {
      return plan;
    }
    List<FieldDescriptor> fields = new ArrayList<>();
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && reaches(field.getMessageType(), new HashSet<>())) {
        fields.add(field);
      }
    }
    plan = List.copyOf(fields);
    PLANS.putIfAbsent(type, plan);
    return plan;
  }

  private static boolean reaches(Descriptor type, Set<Descriptor> seen) {
    if (type.equals(STRING_VALUE)) {
      return true;
    }
    if (!seen.add(type)) {
      return false;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && reaches(field.getMessageType(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static int utf8Length(String s) {
    int length = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return length;
  }
}
