package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.InvalidEntityInterfaceException;
import io.durableentities.core.Operation;
import io.durableentities.core.spi.RecordedCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodRecordingTest {

  public interface Account {
    void deposit(long cents);

    long balance();

    boolean isOpen();

    char grade();

    double rate();

    String owner();

    @Operation("add")
    void credit(long cents);

    void audit(String note, EntityContext context);

    default void depositTwice(long cents) {
      deposit(cents);
      deposit(cents);
    }

    default void depositOnce(long cents) {
      deposit(cents);
    }
  }

  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Account.class);

  @Test
  void record_methodReference_capturesOperationWithoutInput() {
    RecordedCall call = factory.record(Account.class, Account::balance);

    assertThat(call.operation()).isSameAs(metadata.operation("balance"));
    assertThat(call.input()).isNull();
  }

  @Test
  void record_lambda_capturesOperationAndBoxedInput() {
    RecordedCall call = factory.record(Account.class, a -> a.deposit(5));

    assertThat(call).isEqualTo(new RecordedCall(metadata.operation("deposit"), 5L));
  }

  @Test
  void record_renamedOperation_capturesOperationName() {
    RecordedCall call = factory.record(Account.class, a -> a.credit(7));

    assertThat(call.operation().name()).isEqualTo("add");
  }

  @Test
  void record_contextParameter_isNotInput() {
    RecordedCall call = factory.record(Account.class, a -> a.audit("why", null));

    assertThat(call.input()).isEqualTo("why");
  }

  @Test
  void record_primitiveResults_returnDefaultValues() {
    List<Object> seen = new ArrayList<>();

    factory.record(Account.class, a -> seen.add(a.balance()));
    factory.record(Account.class, a -> seen.add(a.isOpen()));
    factory.record(Account.class, a -> seen.add(a.grade()));
    factory.record(Account.class, a -> seen.add(a.rate()));
    factory.record(Account.class, a -> seen.add(a.owner()));

    assertThat(seen).containsExactly(0L, false, '\0', 0.0d, null);
  }

  @Test
  void record_defaultMethodCallingOneOperation_recordsThatOperation() {
    RecordedCall call = factory.record(Account.class, a -> a.depositOnce(3));

    assertThat(call).isEqualTo(new RecordedCall(metadata.operation("deposit"), 3L));
  }

  @Test
  void record_noCall_throwsNamingInterfaceAndFix() {
    assertThatThrownBy(() -> factory.record(Account.class, a -> {}))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessage(
            "The lambda must call exactly one method of Account, but it called none (equals,"
                + " hashCode, toString and default methods that call no operation do not count);"
                + " pass a method reference such as Account::credit or a lambda that calls one"
                + " operation");
  }

  @Test
  void record_onlyObjectMethod_throwsNoCall() {
    assertThatThrownBy(() -> factory.record(Account.class, Account::toString))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessageContaining("it called none");
  }

  @Test
  void record_twoCalls_throwsNamingBoth() {
    assertThatThrownBy(
            () ->
                factory.record(
                    Account.class,
                    a -> {
                      a.deposit(1);
                      a.balance();
                    }))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessage(
            "The lambda must call exactly one method of Account, but it called deposit and then"
                + " balance; record each operation with its own lambda");
  }

  @Test
  void record_defaultMethodCallingTwoOperations_throws() {
    assertThatThrownBy(() -> factory.record(Account.class, a -> a.depositTwice(1)))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessageContaining("it called deposit and then deposit");
  }

  @Test
  void record_secondCallErrorCaughtByLambda_stillFails() {
    assertThatThrownBy(
            () ->
                factory.record(
                    Account.class,
                    a -> {
                      a.deposit(1);
                      try {
                        a.deposit(2);
                      } catch (EntityException ignored) {
                        // the recorder remembers
                      }
                    }))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessageContaining("it called deposit and then deposit");
  }

  @Test
  void record_proxyUsedAfterRecording_throws() {
    List<Account> leaked = new ArrayList<>();
    factory.record(
        Account.class,
        a -> {
          leaked.add(a);
          a.deposit(1);
        });

    assertThatThrownBy(() -> leaked.get(0).deposit(2))
        .isExactlyInstanceOf(EntityException.class)
        .hasMessageContaining("A recording proxy of Account was called after recording ended");
  }

  @Test
  void record_exceptionInLambda_propagates() {
    IllegalStateException failure = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                factory.record(
                    Account.class,
                    a -> {
                      throw failure;
                    }))
        .isSameAs(failure);
  }

  @Test
  void record_throughEntityProxies_usesThisFactory() {
    RecordedCall call = EntityProxies.record(Account.class, a -> a.deposit(9));

    assertThat(call.input()).isEqualTo(9L);
  }

  @Test
  void record_invalidInterface_throwsMetadataError() {
    assertThatThrownBy(() -> factory.record(String.class, s -> s.length()))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("is not an interface");
  }
}
