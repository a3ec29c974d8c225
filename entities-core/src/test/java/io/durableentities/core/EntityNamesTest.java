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

  interface Account {
    void deposit(long cents);
  }

  interface AccountEntityApi {
    long balance();
  }

  @EntityName("Wallet")
  interface Purse {
    void charge(long cents);
  }

  interface Ledger {
    void record(String line);
  }

  /** Not an entity interface: no abstract method. */
  interface Marker {}

  /** Named after its interface, not after its class name. */
  static final class CashBoxEntity implements Purse, Marker, Comparable<CashBoxEntity> {
    @Override
    public void charge(long cents) {}

    @Override
    public int compareTo(CashBoxEntity other) {
      return 0;
    }
  }

  static class BaseAccount implements Account {
    @Override
    public void deposit(long cents) {}
  }

  /** Inherits its entity interface from a superclass. */
  static final class SavingsEntity extends BaseAccount {}

  @EntityName("account")
  static final class AgreeingEntity implements Account {
    @Override
    public void deposit(long cents) {}
  }

  @EntityName("bank")
  static final class DisagreeingEntity implements Account {
    @Override
    public void deposit(long cents) {}
  }

  static final class TwoNamesEntity implements Account, Ledger {
    @Override
    public void deposit(long cents) {}

    @Override
    public void record(String line) {}
  }

  @Test
  void of_interface_lowerCasesSimpleNameWithoutTrailingEntity() {
    assertThat(EntityNames.of(Account.class)).isEqualTo("account");
    assertThat(EntityNames.of(AccountEntityApi.class)).isEqualTo("accountentityapi");
  }

  @Test
  void of_annotatedInterface_usesAnnotation() {
    assertThat(EntityNames.of(Purse.class)).isEqualTo("wallet");
  }

  @Test
  void of_classImplementingAnEntityInterface_takesTheInterfacesName() {
    assertThat(EntityNames.of(CashBoxEntity.class)).isEqualTo("wallet");
    assertThat(EntityNames.of(SavingsEntity.class)).isEqualTo("account");
    assertThat(EntityInstanceId.of(CashBoxEntity.class, "k"))
        .isEqualTo(EntityInstanceId.of(Purse.class, "k"))
        .hasToString("@wallet@k");
  }

  @Test
  void of_classAnnotatedWithTheInterfacesName_isAccepted() {
    assertThat(EntityNames.of(AgreeingEntity.class)).isEqualTo("account");
  }

  @Test
  void of_classAnnotatedWithAnotherName_throwsNamingBothAndTheFix() {
    assertThatThrownBy(() -> EntityNames.of(DisagreeingEntity.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("DisagreeingEntity is named 'bank' by @EntityName")
        .hasMessageContaining("entity interface " + Account.class.getName())
        .hasMessageContaining("'account'")
        .hasMessageContaining("Put @EntityName(\"bank\") on Account");
  }

  @Test
  void of_classWithTwoDifferentlyNamedInterfaces_throws() {
    assertThatThrownBy(() -> EntityNames.of(TwoNamesEntity.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("Account ('account'), Ledger ('ledger')")
        .hasMessageContaining("same @EntityName");
  }

  @Test
  void of_platformType_throwsNoRuleCoversIt() {
    assertThatThrownBy(() -> EntityNames.of(Runnable.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("No entity name rule covers java.lang.Runnable");
    assertThatThrownBy(() -> EntityInstanceId.of(TaskEntity.class, "k"))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("No entity name rule covers");
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
