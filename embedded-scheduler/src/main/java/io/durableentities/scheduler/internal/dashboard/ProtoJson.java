package io.durableentities.scheduler.internal.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.durableentities.protocol.internal.HistoryEvent;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Protobuf messages as JSON for the dashboard API, by reflection: field names in lowerCamelCase,
 * wrapper values unwrapped, timestamps as ISO-8601 UTC strings, enum values without their type
 * prefix ({@code ORCHESTRATION_STATUS_RUNNING} becomes {@code RUNNING}), unset fields left out.
 */
final class ProtoJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtoJson() {}

  /**
   * A message as a JSON object: set fields, and enum fields even at their default (so that {@code
   * RUNNING}, value 0 of the status, is not left out).
   */
  static ObjectNode object(Message message) {
    ObjectNode out = NODES.objectNode();
    Map<FieldDescriptor, Object> set = message.getAllFields();
    for (FieldDescriptor d : message.getDescriptorForType().getFields()) {
      if (set.containsKey(d)) {
        out.set(d.getJsonName(), fieldValue(d, set.get(d)));
      } else if (d.getJavaType() == FieldDescriptor.JavaType.ENUM
          && !d.isRepeated()
          && d.getRealContainingOneof() == null) {
        out.set(d.getJsonName(), single(d, message.getField(d)));
      }
    }
    return out;
  }

  /**
   * A history event as {@code {eventId, timestamp, type, details}}: {@code type} is the event kind
   * ({@code ExecutionStarted}, {@code TaskCompleted}, ...) and {@code details} its fields.
   */
  static ObjectNode event(HistoryEvent event) {
    ObjectNode out = NODES.objectNode();
    out.put("eventId", event.getEventId());
    if (event.hasTimestamp()) {
      out.put("timestamp", instant(event.getTimestamp()));
    }
    FieldDescriptor kind =
        event.getOneofFieldDescriptor(HistoryEvent.getDescriptor().getOneofs().get(0));
    if (kind == null) {
      out.put("type", "Unknown");
      out.set("details", NODES.objectNode());
    } else {
      String name = kind.getJsonName();
      out.put("type", Character.toUpperCase(name.charAt(0)) + name.substring(1));
      out.set("details", object((Message) event.getField(kind)));
    }
    return out;
  }

  /** An epoch-millis time as an ISO-8601 string, or JSON null for 0 (unknown). */
  static JsonNode millis(long epochMillis) {
    return epochMillis == 0
        ? NODES.nullNode()
        : NODES.textNode(Instant.ofEpochMilli(epochMillis).toString());
  }

  /** An enum value's name without its type prefix. */
  static String enumName(EnumValueDescriptor value) {
    String type =
        value.getType().getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    String name = value.getName();
    return name.startsWith(type + "_") ? name.substring(type.length() + 1) : name;
  }

  private static JsonNode fieldValue(FieldDescriptor d, Object value) {
    if (d.isMapField()) {
      ObjectNode map = NODES.objectNode();
      for (Object entry : (List<?>) value) {
        Message m = (Message) entry;
        FieldDescriptor key = m.getDescriptorForType().findFieldByName("key");
        FieldDescriptor val = m.getDescriptorForType().findFieldByName("value");
        map.set(String.valueOf(m.getField(key)), single(val, m.getField(val)));
      }
      return map;
    }
    if (d.isRepeated()) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : (List<?>) value) {
        array.add(single(d, item));
      }
      return array;
    }
    return single(d, value);
  }

  private static JsonNode single(FieldDescriptor d, Object value) {
    return switch (d.getJavaType()) {
      case MESSAGE -> message((Message) value);
      case ENUM -> NODES.textNode(enumName((EnumValueDescriptor) value));
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BYTE_STRING ->
          NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case STRING -> NODES.textNode((String) value);
    };
  }

  private static JsonNode message(Message m) {
    String type = m.getDescriptorForType().getFullName();
    if (type.equals("google.protobuf.Timestamp")) {
      return NODES.textNode(instant((Timestamp) m));
    }
    if (type.startsWith("google.protobuf.") && type.endsWith("Value")) {
      FieldDescriptor value = m.getDescriptorForType().findFieldByName("value");
      if (value != null) {
        return single(value, m.getField(value));
      }
    }
    return object(m);
  }

  private static String instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }
}
