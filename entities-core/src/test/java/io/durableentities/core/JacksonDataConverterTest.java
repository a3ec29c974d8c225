package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JacksonDataConverterTest {

  record Transfer(String to, long amount, Instant at) {}

  record Profile(String name, Optional<String> nickname) {}

  static final class Opaque {
    private final Object self = this;

    @Override
    public String toString() {
      return String.valueOf(self.hashCode());
    }
  }

  private final JacksonDataConverter converter = JacksonDataConverter.defaultInstance();

  @Test
  void serialize_null_returnsNull() {
    assertThat(converter.serialize(null)).isNull();
  }

  @Test
  void deserialize_null_returnsNull() {
    assertThat(converter.deserialize(null, Transfer.class)).isNull();
  }

  @Test
  void record_roundTrips() {
    Transfer transfer = new Transfer("b2", 500, Instant.parse("2026-01-02T03:04:05Z"));

    String json = converter.serialize(transfer);
    Transfer back = converter.deserialize(json, Transfer.class);

    assertThat(back).isEqualTo(transfer);
  }

  @Test
  void instant_isWrittenAsIsoString() {
    String json = converter.serialize(Instant.parse("2026-01-02T03:04:05Z"));

    assertThat(json).isEqualTo("\"2026-01-02T03:04:05Z\"");
  }

  @Test
  void javaTimeValues_roundTrip() {
    LocalDate date = LocalDate.of(2026, 2, 28);
    Duration duration = Duration.ofMinutes(90);

    assertThat(converter.deserialize(converter.serialize(date), LocalDate.class)).isEqualTo(date);
    assertThat(converter.deserialize(converter.serialize(duration), Duration.class))
        .isEqualTo(duration);
  }

  @Test
  void genericType_listOfMapsOfInstants_roundTripsWithElementTypes() {
    Type type = new TypeReference<List<Map<String, Instant>>>() {}.getType();
    List<Map<String, Instant>> value =
        List.of(Map.of("due", Instant.parse("2026-05-01T00:00:00Z")));

    Object back = converter.deserialize(converter.serialize(value), type);

    assertThat(back).isEqualTo(value);
    assertThat(((List<?>) back).get(0))
        .isInstanceOfSatisfying(
            Map.class, map -> assertThat(map.get("due")).isInstanceOf(Instant.class));
  }

  @Test
  void optional_presentAndEmpty_roundTrip() {
    Profile present = new Profile("Ann", Optional.of("annie"));
    Profile empty = new Profile("Bob", Optional.empty());

    assertThat(converter.deserialize(converter.serialize(present), Profile.class))
        .isEqualTo(present);
    assertThat(converter.deserialize(converter.serialize(empty), Profile.class)).isEqualTo(empty);
  }

  @Test
  void deserialize_unknownProperties_areIgnored() {
    Transfer transfer =
        converter.deserialize("{\"to\":\"b\",\"amount\":3,\"extra\":true}", Transfer.class);

    assertThat(transfer).isEqualTo(new Transfer("b", 3, null));
  }

  @Test
  void deserialize_invalidJson_throwsNamingTargetType() {
    assertThatThrownBy(() -> converter.deserialize("{\"amount\":\"lots\"}", Transfer.class))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("JacksonDataConverterTest$Transfer")
        .hasMessageContaining("lots")
        .hasCauseInstanceOf(Exception.class);
  }

  @Test
  void deserialize_genericTypeFailure_namesFullGenericType() {
    Type type = new TypeReference<List<Map<String, Instant>>>() {}.getType();

    assertThatThrownBy(() -> converter.deserialize("[{\"due\":\"not a time\"}]", type))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("java.util.List<java.util.Map<java.lang.String, java.time.Instant>>");
  }

  @Test
  void serialize_unserializableValue_throwsNamingValueType() {
    assertThatThrownBy(() -> converter.serialize(new Opaque()))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("JacksonDataConverterTest$Opaque")
        .hasMessageContaining("serialize");
  }

  @Test
  void customObjectMapper_isUsed() {
    ObjectMapper mapper =
        JacksonDataConverter.newDefaultObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    JacksonDataConverter custom = new JacksonDataConverter(mapper);

    String json = custom.serialize(Map.of("a", 1));

    assertThat(custom.objectMapper()).isSameAs(mapper);
    assertThat(json).contains("\n");
  }

  @Test
  void defaultInstance_isShared() {
    assertThat(JacksonDataConverter.defaultInstance())
        .isSameAs(JacksonDataConverter.defaultInstance());
  }

  @Test
  void deserialize_classOverload_returnsTypedValue() {
    Long value = converter.deserialize("42", Long.class);

    assertThat(value).isEqualTo(42L);
  }
}
