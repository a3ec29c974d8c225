package io.durableentities.client.internal.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.durableentities.client.PayloadStore;
import io.durableentities.client.PayloadStoreException;
import io.durableentities.client.PayloadTooLargeException;
import io.durableentities.protocol.internal.EntityBatchResult;
import io.durableentities.protocol.internal.OrchestrationInstance;
import io.durableentities.protocol.internal.WorkItem;
import java.nio.charset.StandardCharsets;

/**
 * Moves large payloads out of protocol messages and back, for a {@link PayloadStore}.
 *
 * <p>Every payload of the contract (inputs, outputs, results, entity states, event data, custom
 * statuses, reasons) is a {@code google.protobuf.StringValue} field, while names, ids and versions
 * are plain strings; so the codec walks a message's {@code StringValue} fields, at any depth, and
 * replaces those of at least {@link PayloadStore#thresholdBytes()} UTF-8 bytes by the store's token
 * ({@link #externalize}), or each token by its payload ({@link #resolve}). Ids, versions and trace
 * fields ({@link PayloadFields#NOT_PAYLOADS}) are {@code StringValue}s too but never payloads, and
 * are skipped.
 *
 * <p>The codec runs on every work item and every replay, so it is built to cost little when there
 * is nothing to do (measured by the benchmarks' {@code PayloadCodecBenchmark}): the fields to visit
 * per message type are worked out once from the descriptors ({@link PayloadFields}: only fields
 * that can reach a payload, and of each oneof only its set member); a first pass only looks for a
 * value to change, allocating nothing; only when it finds one does a second pass rebuild the
 * message and work out which instance or entity it is about, for the error message. A message
 * without a change is returned as is.
 *
 * <p>Without a store, {@link #externalize} changes nothing and {@link #resolve} checks that no
 * value is a token ({@value #TOKEN_PREFIX}...), failing with a message that names the instance or
 * entity and the fix when one is.
 */
public final class PayloadCodec {

  /** The form of the Durable Task SDKs' blob-payload tokens: {@code blob:v1:<container>:<blob>}. */
  public static final String TOKEN_PREFIX = "blob:v1:";

  private static final PayloadCodec NONE = new PayloadCodec(null, "");
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
    if (store.maxPayloadBytes() < threshold) {
      throw new IllegalArgumentException(
          "The payload store "
              + store
              + " has a limit of "
              + store.maxPayloadBytes()
              + " bytes, below its threshold of "
              + threshold
              + " bytes; the limit must be at least the threshold");
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
   * @throws PayloadTooLargeException when a payload is above the store's {@link
   *     PayloadStore#maxPayloadBytes() limit} (nothing is stored then)
   * @throws PayloadStoreException when the store fails
   */
  public <M extends Message> M externalize(M message) {
    return externalize(message, null);
  }

  /**
   * Replaces each large payload of a message by a token, naming in errors the instance or entity a
   * work item is about (for messages that do not name it themselves, such as an entity batch's
   * result).
   *
   * @param message an outgoing message
   * @param about the request the message answers, or null
   * @param <M> the message type
   * @return the message with tokens, or the same message when nothing is large or there is no store
   * @throws PayloadTooLargeException when a payload is above the store's limit
   * @throws PayloadStoreException when the store fails
   */
  @SuppressWarnings("unchecked")
  public <M extends Message> M externalize(M message, Message about) {
    if (store == null || !PayloadFields.any(message, this::isLarge)) {
      return message;
    }
    return (M) walk(message, about == null ? null : ownerOf(about), this::store);
  }

  /**
   * Keeps an entity's stored state stored: when a batch started from a state that came as a token
   * and ends with the very same state, returns the result with that token as its state, so that an
   * unchanged large state is not stored again, as a new blob, after every batch (a read-only
   * operation costs a download, not an upload as well). The token stays valid: blobs are never
   * deleted by the worker.
   *
   * @param result the batch's result
   * @param received the work item as it came, with its tokens
   * @param resolved the work item the batch ran on, its tokens replaced by their payloads
   * @return the result, with the received token as its state when the state is unchanged
   */
  public EntityBatchResult keepStoredState(
      EntityBatchResult result, WorkItem received, WorkItem resolved) {
    if (store == null || received == resolved || !result.hasEntityState()) {
      return result;
    }
    StringValue token = entityState(received);
    StringValue before = entityState(resolved);
    if (token == null || before == null || !isToken(token.getValue())) {
      return result;
    }
    return result.getEntityState().getValue().equals(before.getValue())
        ? result.toBuilder().setEntityState(token).build()
        : result;
  }

  private static StringValue entityState(WorkItem item) {
    return switch (item.getRequestCase()) {
      case ENTITYREQUEST ->
          item.getEntityRequest().hasEntityState()
              ? item.getEntityRequest().getEntityState()
              : null;
      case ENTITYREQUESTV2 ->
          item.getEntityRequestV2().hasEntityState()
              ? item.getEntityRequestV2().getEntityState()
              : null;
      default -> null;
    };
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
    if (this == NONE || !PayloadFields.any(message, this::isToken)) {
      return message;
    }
    return (M) walk(message, null, this::load);
  }

  /** What to do with one payload; returns the same instance when nothing changes. */
  private interface Step {
    StringValue apply(StringValue value, String owner, String field);
  }

  private boolean isLarge(String payload) {
    return payload.length() >= threshold / 3 && utf8Length(payload) >= threshold;
  }

  private boolean isToken(String payload) {
    return payload.startsWith(TOKEN_PREFIX) || (store != null && store.isKnownToken(payload));
  }

  private StringValue store(StringValue value, String owner, String field) {
    String payload = value.getValue();
    if (!isLarge(payload)) {
      return value;
    }
    long size = utf8Length(payload);
    long limit = store.maxPayloadBytes();
    if (size > limit) {
      throw new PayloadTooLargeException(
          (owner == null ? "A message" : owner)
              + " has a '"
              + field
              + "' of "
              + size
              + " bytes, above the limit of "
              + limit
              + " bytes of the payload store "
              + store
              + "; nothing was stored. Keep the value smaller (split a large entity state across"
              + " several entities, or keep the data in your own storage and pass a reference to"
              + " it), or raise the limit (AzureBlobPayloadStore.Builder.maxPayloadBytes(...),"
              + " the same on every worker and client)",
          size,
          limit);
    }
    return StringValue.of(store.upload(payload));
  }

  private StringValue load(StringValue value, String owner, String field) {
    String payload = value.getValue();
    if (!isToken(payload)) {
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
    PayloadFields plan = PayloadFields.of(message.getDescriptorForType());
    if (plan.isEmpty()) {
      return message;
    }
    String here = owner != null ? owner : ownerOf(message);
    Message.Builder changed = null;
    for (FieldDescriptor field : plan.fields) {
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
        changed = visitSet(message, field, here, step, changed);
      }
    }
    for (OneofDescriptor oneof : plan.oneofs) {
      FieldDescriptor set = plan.setMember(message, oneof);
      if (set != null) {
        changed = visitSet(message, set, here, step, changed);
      }
    }
    return changed == null ? message : changed.build();
  }

  private Message.Builder visitSet(
      Message message, FieldDescriptor field, String owner, Step step, Message.Builder changed) {
    Message value = (Message) message.getField(field);
    Message next = visit(value, owner, field, step);
    if (next == value) {
      return changed;
    }
    Message.Builder builder = changed != null ? changed : message.toBuilder();
    builder.setField(field, next);
    return builder;
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
