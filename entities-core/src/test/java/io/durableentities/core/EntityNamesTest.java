package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EntityNamesTest {

  static final class AccountEntity {}

  static final class Counter {}

  @EntityName("Wallet")
  static final class PurseEntity {}

  @EntityName(" ")
  static final class BlankNamed {}

  @EntityName("a@b")
  static final class AtNamed {}

  interface Account {}

  interface AccountEntityApi {}

  @EntityName("Wallet")
  interface Purse {}

  @Test
  void ofInterface_lowerCasesSimpleNameWithoutDroppingSuffixes() {
    assertThat(EntityNames.ofInterface(Account.class)).isEqualTo("account");
    assertThat(EntityNames.ofInterface(AccountEntityApi.class)).isEqualTo("accountentityapi");
  }

  @Test
  void ofInterface_annotatedInterface_usesAnnotation() {
    assertThat(EntityNames.ofInterface(Purse.class)).isEqualTo("wallet");
  }

  @Test
  void of_classEndingInEntity_dropsSuffixAndLowerCases() {
    assertThat(EntityNames.of(AccountEntity.class)).isEqualTo("account");
  }

  @Test
  void of_classWithoutSuffix_lowerCasesSimpleName() {
    assertThat(EntityNames.of(Counter.class)).isEqualTo("counter");
  }

  @Test
  void of_annotatedClass_usesLowerCasedAnnotationValue() {
    assertThat(EntityNames.of(PurseEntity.class)).isEqualTo("wallet");
  }

  @Test
  void of_blankAnnotationValue_throws() {
    assertThatThrownBy(() -> EntityNames.of(BlankNamed.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("BlankNamed")
        .hasMessageContaining("must not be blank");
  }

  @Test
  void of_annotationValueWithAt_throws() {
    assertThatThrownBy(() -> EntityNames.of(AtNamed.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("@EntityName(\"a@b\")");
  }

  @Test
  void of_anonymousClass_throwsSuggestingAnnotation() {
    Object anonymous = new Object() {};

    assertThatThrownBy(() -> EntityNames.of(anonymous.getClass()))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("@EntityName");
  }

  @Test
  void of_lambdaClass_throws() {
    Supplier<String> lambda = () -> "x";

    assertThatThrownBy(() -> EntityNames.of(lambda.getClass()))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("lambda");
  }
}
