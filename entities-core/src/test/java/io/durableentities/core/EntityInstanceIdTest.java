package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EntityInstanceIdTest {

  private final DataConverter converter = JacksonDataConverter.defaultInstance();

  @Test
  void of_mixedCaseName_lowerCasesNameAndKeepsKey() {
    EntityInstanceId id = EntityInstanceId.of("Account", "A1");

    assertThat(id.name()).isEqualTo("account");
    assertThat(id.key()).isEqualTo("A1");
  }

  @Test
  void of_turkishDefaultLocale_lowerCasesWithRootLocale() {
    Locale previous = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      EntityInstanceId id = EntityInstanceId.of("TITLE", "k");

      assertThat(id.name()).isEqualTo("title");
    } finally {
      Locale.setDefault(previous);
    }
  }

  @Test
  void of_emptyKey_isAllowed() {
    EntityInstanceId id = EntityInstanceId.of("counter", "");

    assertThat(id.key()).isEmpty();
    assertThat(id).hasToString("@counter@");
  }

  @Test
  void of_nullName_throwsNamingTheKey() {
    assertThatThrownBy(() -> EntityInstanceId.of((String) null, "k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Entity name is null")
        .hasMessageContaining("\"k1\"");
  }

  @Test
  void of_emptyName_throws() {
    assertThatThrownBy(() -> EntityInstanceId.of("", "k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty or blank");
  }

  @Test
  void of_blankName_throws() {
    assertThatThrownBy(() -> EntityInstanceId.of("  ", "k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty or blank");
  }

  @Test
  void of_nameWithAt_throwsNamingTheName() {
    assertThatThrownBy(() -> EntityInstanceId.of("acc@unt", "k1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"acc@unt\"")
        .hasMessageContaining("contains '@'");
  }

  @Test
  void of_nullKey_throwsNamingTheName() {
    assertThatThrownBy(() -> EntityInstanceId.of("account", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key is null")
        .hasMessageContaining("\"account\"");
  }

  @Test
  void toString_isCanonicalForm() {
    EntityInstanceId id = EntityInstanceId.of("Account", "a1");

    assertThat(id).hasToString("@account@a1");
  }

  @Test
  void parse_canonicalForm_roundTrips() {
    EntityInstanceId id = EntityInstanceId.parse("@account@a1");

    assertThat(id).isEqualTo(EntityInstanceId.of("account", "a1"));
    assertThat(EntityInstanceId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void parse_keyWithAt_keepsKey() {
    EntityInstanceId id = EntityInstanceId.parse("@user@someone@example.com");

    assertThat(id.name()).isEqualTo("user");
    assertThat(id.key()).isEqualTo("someone@example.com");
  }

  @Test
  void parse_emptyKey_givesEmptyKey() {
    EntityInstanceId id = EntityInstanceId.parse("@counter@");

    assertThat(id.name()).isEqualTo("counter");
    assertThat(id.key()).isEmpty();
  }

  @Test
  void parse_upperCaseName_lowerCasesNameOnly() {
    EntityInstanceId id = EntityInstanceId.parse("@Counter@Key");

    assertThat(id).hasToString("@counter@Key");
  }

  @Test
  void parse_withoutLeadingAt_throws() {
    assertThatThrownBy(() -> EntityInstanceId.parse("account@a1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"account@a1\"")
        .hasMessageContaining("must start with '@'");
  }

  @Test
  void parse_withoutSecondAt_throws() {
    assertThatThrownBy(() -> EntityInstanceId.parse("@account"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"@account\"")
        .hasMessageContaining("no second '@'");
  }

  @Test
  void parse_emptyString_throws() {
    assertThatThrownBy(() -> EntityInstanceId.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '@'");
  }

  @Test
  void parse_null_throws() {
    assertThatThrownBy(() -> EntityInstanceId.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null entity id");
  }

  @Test
  void parse_emptyName_throws() {
    assertThatThrownBy(() -> EntityInstanceId.parse("@@a1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty or blank");
  }

  @Test
  void equals_nameCaseDiffers_equalWithSameHashCode() {
    EntityInstanceId a = EntityInstanceId.of("Account", "a1");
    EntityInstanceId b = EntityInstanceId.of("account", "a1");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
  }

  @Test
  void equals_keyCaseDiffers_notEqual() {
    EntityInstanceId a = EntityInstanceId.of("account", "A1");
    EntityInstanceId b = EntityInstanceId.of("account", "a1");

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void compareTo_ordersByNameThenKey() {
    List<EntityInstanceId> ids =
        new ArrayList<>(
            List.of(
                EntityInstanceId.of("b", "1"),
                EntityInstanceId.of("a", "2"),
                EntityInstanceId.of("a", "10")));

    Collections.sort(ids);

    assertThat(ids).map(EntityInstanceId::toString).containsExactly("@a@10", "@a@2", "@b@1");
  }

  @Test
  void compareTo_nameWithDigits_comparesNameNotCanonicalString() {
    // "@a@x" > "@a1@x" as strings ('@' > '1'), but by name "a" < "a1"
    EntityInstanceId shortName = EntityInstanceId.of("a", "x");
    EntityInstanceId longName = EntityInstanceId.of("a1", "x");

    int order = shortName.compareTo(longName);

    assertThat(order).isNegative();
  }

  @Test
  void compareTo_keys_areOrdinal() {
    EntityInstanceId upper = EntityInstanceId.of("a", "B");
    EntityInstanceId lower = EntityInstanceId.of("a", "a");

    int order = upper.compareTo(lower);

    assertThat(order).isNegative();
  }

  @Test
  void json_serialize_writesCanonicalString() {
    String json = converter.serialize(EntityInstanceId.of("Account", "a@1"));

    assertThat(json).isEqualTo("\"@account@a@1\"");
  }

  @Test
  void json_deserialize_readsCanonicalString() {
    EntityInstanceId id = converter.deserialize("\"@account@a1\"", EntityInstanceId.class);

    assertThat(id).isEqualTo(EntityInstanceId.of("account", "a1"));
  }

  @Test
  void json_deserializeInvalidString_throwsDataConverterException() {
    assertThatThrownBy(() -> converter.deserialize("\"account\"", EntityInstanceId.class))
        .isInstanceOf(DataConverterException.class)
        .hasMessageContaining("EntityInstanceId")
        .hasMessageContaining("must start with '@'");
  }
}
