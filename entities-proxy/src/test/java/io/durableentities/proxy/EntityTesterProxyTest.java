package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.EntityBatchOutcome;
import io.durableentities.core.EntityInstanceId;
import io.durableentities.core.EntityOperationFailedException;
import io.durableentities.core.EntityTester;
import io.durableentities.core.Operation;
import io.durableentities.core.OperationOutcome;
import io.durableentities.core.SentSignal;
import io.durableentities.core.TaskEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-memory tester flavour: typed proxies running real operations end to end. */
class EntityTesterProxyTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  public interface Account {
    void deposit(long cents);

    void withdraw(long cents);

    long balance();

    boolean isOverdrawn();

    List<Map<String, Instant>> history();

    @Operation("rename")
    void setOwner(String owner);

    String owner();

    default void depositTwice(long cents) {
      deposit(cents);
      deposit(cents);
    }
  }

  /** The state of an account. */
  public static final class AccountState {
    public long balance;
    public String owner;
    public List<Map<String, Instant>> history = new ArrayList<>();
  }

  static final class InsufficientFundsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InsufficientFundsException(String message) {
      super(message);
    }
  }

  static final class AccountEntity extends TaskEntity<AccountState> implements Account {

    @Override
    public void deposit(long cents) {
      state.balance += cents;
      state.history.add(Map.of("deposit", T0.plusSeconds(cents)));
    }

    @Override
    public void withdraw(long cents) {
      if (state.balance < cents) {
        throw new InsufficientFundsException("balance " + state.balance + " < " + cents);
      }
      state.balance -= cents;
    }

    @Override
    public long balance() {
      return state.balance;
    }

    @Override
    public boolean isOverdrawn() {
      return state.balance < 0;
    }

    @Override
    public List<Map<String, Instant>> history() {
      return state.history;
    }

    @Override
    public void setOwner(String owner) {
      state.owner = owner;
    }

    @Override
    public String owner() {
      return state.owner;
    }
  }

  public record Transfer(String to, long cents) {}

  public interface Payments {
    void pay(Transfer transfer);

    long peek(String account);
  }

  static final class PaymentsEntity extends TaskEntity<Long> implements Payments {

    @Override
    public void pay(Transfer transfer) {
      state += transfer.cents();
      context()
          .signalProxy(Account.class, EntityInstanceId.of("account", transfer.to()))
          .deposit(transfer.cents());
    }

    @Override
    public long peek(String account) {
      return context()
          .signalProxy(Account.class, EntityInstanceId.of("account", account))
          .balance();
    }
  }

  private final EntityTester<AccountState> tester = EntityTester.of(AccountEntity::new, "a1");
  private final Account account = tester.proxy(Account.class);

  @Test
  void testerProxy_voidOperations_changeState() {
    account.deposit(500);
    account.withdraw(200);

    assertThat(tester.state().balance).isEqualTo(300L);
  }

  @Test
  void testerProxy_primitiveResults_areTyped() {
    account.deposit(42);

    assertThat(account.balance()).isEqualTo(42L);
    assertThat(account.isOverdrawn()).isFalse();
  }

  @Test
  void testerProxy_genericResult_isDeserializedToDeclaredType() {
    account.deposit(1);
    account.deposit(2);

    List<Map<String, Instant>> history = account.history();

    assertThat(history)
        .containsExactly(
            Map.of("deposit", T0.plusSeconds(1)), Map.of("deposit", T0.plusSeconds(2)));
    assertThat(history.get(0).get("deposit")).isInstanceOf(Instant.class);
  }

  @Test
  void testerProxy_renamedOperation_runsUnderItsOperationName() {
    account.setOwner("ann");

    assertThat(account.owner()).isEqualTo("ann");
    assertThat(tester.state().owner).isEqualTo("ann");
  }

  @Test
  void testerProxy_defaultMethod_runsTwoOperations() {
    account.depositTwice(5);

    assertThat(account.balance()).isEqualTo(10L);
    assertThat(tester.state().history).hasSize(2);
  }

  @Test
  void testerProxy_failingOperation_throwsEntityOperationFailedAndRollsBack() {
    account.deposit(100);

    assertThatThrownBy(() -> account.withdraw(1_000))
        .isInstanceOfSatisfying(
            EntityOperationFailedException.class,
            e -> {
              assertThat(e.entityId()).isEqualTo(EntityInstanceId.of("account", "a1"));
              assertThat(e.operationName()).isEqualTo("withdraw");
              assertThat(e.failureDetails().isCausedBy(InsufficientFundsException.class)).isTrue();
            })
        .hasMessageContaining("balance 100 < 1000");
    assertThat(account.balance()).isEqualTo(100L);
  }

  @Test
  void typedBatch_runsTheRecordedCallsInOrder_rollingBackAFailureAlone() {
    EntityBatchOutcome outcome =
        tester.runBatch(
            Account.class,
            a -> {
              a.deposit(100);
              assertThat(a.balance()).isZero(); // a placeholder: nothing has run yet
              a.withdraw(500);
              a.setOwner("ann");
              a.isOverdrawn();
            });

    assertThat(outcome.results())
        .extracting(OperationOutcome::operation)
        .containsExactly("deposit", "balance", "withdraw", "rename", "isOverdrawn");
    assertThat(outcome.results())
        .extracting(OperationOutcome::isSuccess)
        .containsExactly(true, true, false, true, true);
    assertThat(outcome.results().get(1).result(Long.class)).isEqualTo(100L);
    assertThat(tester.state().balance).isEqualTo(100L);
    assertThat(tester.state().owner).isEqualTo("ann");
    assertThat(tester.failures()).hasSize(1);
  }

  @Test
  void typedBatch_interfaceTheEntityDoesNotImplement_throws() {
    assertThatThrownBy(() -> tester.runBatch(Payments.class, p -> p.peek("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not implement");
  }

  @Test
  void testerProxy_toString_namesInterfaceAndEntity() {
    assertThat(account.toString()).isEqualTo("Account proxy for EntityTester(@account@a1)");
  }

  @Test
  void testerProxies_ofOneTester_areEqual_andOfAnotherTesterAreNot() {
    EntityTester<AccountState> other = EntityTester.of(AccountEntity::new, "a1");

    assertThat(tester.proxy(Account.class)).isEqualTo(account).hasSameHashCodeAs(account);
    assertThat(other.proxy(Account.class)).isNotEqualTo(account);
  }

  /** Records whether two context proxies for one target compare equal. */
  public interface Probe {
    boolean sameProxyTwice(String key);
  }

  static final class ProbeEntity extends TaskEntity<Long> implements Probe {
    @Override
    public boolean sameProxyTwice(String key) {
      EntityInstanceId target = EntityInstanceId.of("account", key);
      Account first = context().signalProxy(Account.class, target);
      Account second = context().signalProxy(Account.class, target);
      Account other = context().signalProxy(Account.class, EntityInstanceId.of("account", "zz"));
      return first.equals(second)
          && first.hashCode() == second.hashCode()
          && !first.equals(other)
          && first.toString().equals("Account proxy for @account@" + key);
    }
  }

  /** Schedules a reminder through a typed, scheduled signal proxy. */
  public interface Scheduler {
    void remindLater(String key);
  }

  static final Instant REMIND_AT = Instant.parse("2030-06-01T08:00:00Z");

  static final class SchedulerEntity extends TaskEntity<Long> implements Scheduler {
    @Override
    public void remindLater(String key) {
      context()
          .signalProxy(Account.class, EntityInstanceId.of("account", key), REMIND_AT)
          .deposit(1);
    }
  }

  @Test
  void contextProxy_scheduled_signalsAtTheGivenTime() {
    EntityTester<Long> scheduler = EntityTester.of(SchedulerEntity::new, "s");

    scheduler.proxy(Scheduler.class).remindLater("b2");

    assertThat(scheduler.signals())
        .containsExactly(
            new SentSignal(EntityInstanceId.of("account", "b2"), "deposit", "1", REMIND_AT));
  }

  @Test
  void contextProxies_forOneTarget_areEqualValues() {
    EntityTester<Long> probe = EntityTester.of(ProbeEntity::new, "p");

    assertThat(probe.proxy(Probe.class).sameProxyTwice("b2")).isTrue();
  }

  @Test
  void contextProxy_signalsAnotherEntity() {
    EntityTester<Long> payments = EntityTester.of(PaymentsEntity::new, "p1");

    payments.proxy(Payments.class).pay(new Transfer("b2", 30));

    assertThat(payments.state()).isEqualTo(30L);
    assertThat(payments.signals())
        .containsExactly(
            new SentSignal(EntityInstanceId.of("account", "b2"), "deposit", "30", null));
  }

  @Test
  void contextProxy_operationWithResult_isRejected() {
    EntityTester<Long> payments = EntityTester.of(PaymentsEntity::new, "p1");

    assertThatThrownBy(() -> payments.proxy(Payments.class).peek("b2"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("entities can only signal other entities")
        .hasMessageContaining("Account.balance returns long");
    assertThat(payments.signals()).isEmpty();
  }
}
