package io.durableentities.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link DataConverter} on Jackson. It handles records, generic types, {@code Optional} and
 * {@code java.time} values.
 *
 * <p>The default {@link ObjectMapper} registers {@link JavaTimeModule}, {@link Jdk8Module} and
 * {@link ParameterNamesModule}, writes dates as ISO-8601 strings and ignores unknown properties, so
 * state written by an older version of a class can be read by a newer one. Pass your own mapper to
 * change that; configure it before its first use, because readers are cached per type.
 *
 * <pre>{@code
 * DataConverter converter = new JacksonDataConverter(JacksonDataConverter.newDefaultObjectMapper()
 *     .enable(SerializationFeature.INDENT_OUTPUT));
 * }</pre>
 */
public final class JacksonDataConverter implements DataConverter {

  private static final JacksonDataConverter DEFAULT = new JacksonDataConverter();

  private final ObjectMapper mapper;
  private final ConcurrentMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();

  /** Creates a converter with the default object mapper ({@link #newDefaultObjectMapper()}). */
  public JacksonDataConverter() {
    this(newDefaultObjectMapper());
  }

  /**
   * Creates a converter on a user-configured object mapper.
   *
   * @param mapper the object mapper; configure it before the converter's first use
   */
  public JacksonDataConverter(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Returns the shared converter with the default object mapper.
   *
   * @return the default converter
   */
  public static JacksonDataConverter defaultInstance() {
    return DEFAULT;
  }

  /**
   * Creates a new object mapper configured as the default one: java.time, JDK 8 types and parameter
   * names modules; dates as ISO-8601 strings; unknown properties ignored.
   *
   * @return a new object mapper, to customise further
   */
  public static ObjectMapper newDefaultObjectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .registerModule(new ParameterNamesModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * Returns the object mapper this converter uses.
   *
   * @return the object mapper
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  @Override
  public String serialize(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return mapper.writeValueAsString(value);
    } catch (Exception e) {
      throw new DataConverterException(
          "Could not serialize a value of type "
              + value.getClass().getName()
              + " to JSON: "
              + e.getMessage()
              + ". Use a record or a class with public getters, or configure the ObjectMapper"
              + " passed to JacksonDataConverter",
          e);
    }
  }

  @Override
  public Object deserialize(String json, Type type) {
    Objects.requireNonNull(type, "type");
    if (json == null) {
      return null;
    }
    try {
      return readers
          .computeIfAbsent(type, t -> mapper.readerFor(mapper.getTypeFactory().constructType(t)))
          .readValue(json);
    } catch (Exception e) {
      throw new DataConverterException(
          "Could not deserialize JSON ("
              + json.length()
              + " chars) to "
              + type.getTypeName()
              + ": "
              + e.getMessage()
              + ". Check that the JSON was written for this type, and that the type is a record or"
              + " has a no-arg or @JsonCreator constructor",
          e);
    }
  }

  @Override
  public String toString() {
    return "JacksonDataConverter";
  }
}
