package io.durableentities.core;

import java.lang.reflect.Type;

/**
 * Converts operation inputs, results and entity state to and from their serialized (JSON) form. The
 * default is {@link JacksonDataConverter#defaultInstance()}. Implementations must be thread-safe
 * and throw {@link DataConverterException} on failure.
 */
public interface DataConverter {

  /**
   * Serializes a value.
   *
   * @param value the value, may be null
   * @return its serialized form; null when the value is null
   * @throws DataConverterException if the value cannot be serialized
   */
  String serialize(Object value);

  /**
   * Deserializes a value to a type, generic types included.
   *
   * @param json the serialized form, may be null
   * @param type the target type, such as {@code List<Map<String, Instant>>}
   * @return the value; null when {@code json} is null
   * @throws DataConverterException if the text cannot be read as that type
   */
  Object deserialize(String json, Type type);

  /**
   * Deserializes a value to a class.
   *
   * @param json the serialized form, may be null
   * @param type the target class
   * @param <T> the target type
   * @return the value; null when {@code json} is null
   * @throws DataConverterException if the text cannot be read as that class
   */
  @SuppressWarnings("unchecked")
  default <T> T deserialize(String json, Class<T> type) {
    return (T) deserialize(json, (Type) type);
  }
}
