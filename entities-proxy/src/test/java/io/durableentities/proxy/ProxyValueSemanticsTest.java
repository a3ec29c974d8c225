package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.spi.EntityInvoker;
import org.junit.jupiter.api.Test;

class ProxyValueSemanticsTest {

  public interface Account {
    void deposit(long cents);
  }

  public interface Ledger {
    void deposit(long cents);
  }

  public interface Printable {
    void print();

    @Override
    String toString();
  }

  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final EntityInstanceId a1 = EntityInstanceId.of("account", "a1");

  @Test
  void equals_sameInterfaceAndEqualTargets_isTrue() {
    Account first = factory.createProxy(Account.class, new RecordingInvoker(a1));
    Account second =
        factory.createProxy(
            Account.class, new RecordingInvoker(EntityInstanceId.of("account", "a1")));

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void equals_differentTargets_isFalse() {
    Account first = factory.createProxy(Account.class, new RecordingInvoker(a1));
    Account second =
        factory.createProxy(
            Account.class, new RecordingInvoker(EntityInstanceId.of("account", "b2")));

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void equals_differentInterfacesSameTarget_isFalse() {
    Account account = factory.createProxy(Account.class, new RecordingInvoker(a1));
    Ledger ledger = factory.createProxy(Ledger.class, new RecordingInvoker(a1));

    assertThat((Object) account).isNotEqualTo(ledger);
    assertThat(account.hashCode()).isNotEqualTo(ledger.hashCode());
  }

  @Test
  void equals_nullAndOtherTypes_isFalse() {
    Account account = factory.createProxy(Account.class, new RecordingInvoker(a1));

    assertThat(account.equals(null)).isFalse();
    assertThat(account.equals(a1)).isFalse();
    assertThat(account).isEqualTo(account);
  }

  @Test
  void equals_defaultTarget_isTheInvokerItself() {
    EntityInvoker invoker = (operation, input) -> null;

    Account first = factory.createProxy(Account.class, invoker);
    Account second = factory.createProxy(Account.class, invoker);
    Account other = factory.createProxy(Account.class, (operation, input) -> null);

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second).isNotEqualTo(other);
  }

  @Test
  void equals_nullTargets_areEqual() {
    Account first = factory.createProxy(Account.class, new RecordingInvoker(null));
    Account second = factory.createProxy(Account.class, new RecordingInvoker(null));

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first).hasToString("Account proxy for null");
  }

  @Test
  void toString_namesInterfaceAndTarget() {
    Account account = factory.createProxy(Account.class, new RecordingInvoker(a1));

    assertThat(account).hasToString("Account proxy for @account@a1");
  }

  @Test
  void toString_redeclaredInInterface_isStillTheProxyDescription() {
    Printable printable = factory.createProxy(Printable.class, new RecordingInvoker(a1));

    assertThat(printable).hasToString("Printable proxy for @account@a1");
  }

  @Test
  void hashCode_isStableAcrossCalls() {
    Account account = factory.createProxy(Account.class, new RecordingInvoker(a1));

    assertThat(account.hashCode()).isEqualTo(account.hashCode());
  }
}
