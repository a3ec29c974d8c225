package io.durableentities.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.durableentities.core.EntityContext;
import io.durableentities.core.EntityException;
import io.durableentities.core.EntityInterfaceMetadata;
import io.durableentities.core.EntityProxies;
import io.durableentities.core.Operation;
import io.durableentities.core.spi.RecordedCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyInvocationTest {

  record Payment(String to, long cents) {}

  public interface Account {
    void deposit(long cents);

    void pay(Payment payment);

    void close();

    long balance();

    int count();

    boolean isOpen();

    char grade();

    double rate();

    float ratio();

    short level();

    byte flags();

    String owner();

    List<Map<String, Instant>> history();

    Long maybeBalance();

    Void reset();

    @Operation("add")
    void credit(long cents);

    void audit(EntityContext context, String note);

    void note(String note, EntityContext context);

    default void depositTwice(long cents) {
      deposit(cents);
      deposit(cents);
    }

    default long balanceInEuros() {
      return balance() / 100;
    }

    static Account nothing() {
      return null;
    }
  }

  interface Store<T> {
    void put(T value);

    T get();
  }

  interface Names extends Store<String> {
    int size();
  }

  interface Base {
    Object current();
  }

  interface Refined extends Base {
    @Override
    String current();
  }

  private final RecordingInvoker invoker = new RecordingInvoker();
  private final ByteBuddyEntityProxyFactory factory = new ByteBuddyEntityProxyFactory();
  private final Account account = factory.createProxy(Account.class, invoker);

  @Test
  void proxy_voidMethod_invokesOperationWithInput() {
    account.deposit(500);

    assertThat(invoker.calls)
        .extracting(c -> c.operation().name(), RecordedCall::input)
        .containsExactly(tuple("deposit", 500L));
  }

  @Test
  void proxy_recordInput_isPassedAsIs() {
    Payment payment = new Payment("b2", 30);

    account.pay(payment);

    assertThat(invoker.calls.get(0).input()).isSameAs(payment);
  }

  @Test
  void proxy_noInput_passesNull() {
    account.close();

    assertThat(invoker.calls)
        .extracting(c -> c.operation().name(), RecordedCall::input)
        .containsExactly(tuple("close", null));
  }

  @Test
  void proxy_operation_isTheInterfaceMetadataInstance() {
    account.deposit(1);

    assertThat(invoker.calls.get(0).operation())
        .isSameAs(EntityInterfaceMetadata.of(Account.class).operation("deposit"));
  }

  @Test
  void proxy_primitiveResults_areUnboxed() {
    invoker
        .answer("balance", 42L)
        .answer("count", 7)
        .answer("isOpen", true)
        .answer("grade", 'A')
        .answer("rate", 0.5d)
        .answer("ratio", 0.25f)
        .answer("level", (short) 3)
        .answer("flags", (byte) 2);

    assertThat(account.balance()).isEqualTo(42L);
    assertThat(account.count()).isEqualTo(7);
    assertThat(account.isOpen()).isTrue();
    assertThat(account.grade()).isEqualTo('A');
    assertThat(account.rate()).isEqualTo(0.5d);
    assertThat(account.ratio()).isEqualTo(0.25f);
    assertThat(account.level()).isEqualTo((short) 3);
    assertThat(account.flags()).isEqualTo((byte) 2);
  }

  @Test
  void proxy_numericResult_acceptsAnyNumber() {
    invoker.answer("balance", 42).answer("count", 7L);

    assertThat(account.balance()).isEqualTo(42L);
    assertThat(account.count()).isEqualTo(7);
  }

  @Test
  void proxy_primitiveResultNull_throwsNamingInterfaceAndMethod() {
    assertThatThrownBy(account::balance)
        .isExactlyInstanceOf(EntityException.class)
        .hasMessage(
            "Proxy of io.durableentities.proxy.ProxyInvocationTest$Account: Account.balance()"
                + " returns long, but the call of operation 'balance' returned null; a primitive"
                + " result needs a value: return one from the entity, or declare Long to allow"
                + " null");
  }

  @Test
  void proxy_referenceResults_areCastIncludingGenerics() {
    List<Map<String, Instant>> history = List.of(Map.of("opened", Instant.EPOCH));
    invoker.answer("owner", "ann").answer("history", history).answer("maybeBalance", null);

    assertThat(account.owner()).isEqualTo("ann");
    assertThat(account.history()).isSameAs(history);
    assertThat(account.maybeBalance()).isNull();
  }

  @Test
  void proxy_voidWrapperResult_returnsNull() {
    invoker.answer("reset", null);

    assertThat(account.reset()).isNull();
    assertThat(invoker.calls).hasSize(1);
  }

  @Test
  void proxy_resultOfWrongType_throwsClassCastException() {
    invoker.answer("owner", 5L).answer("isOpen", "yes");

    assertThatThrownBy(account::owner).isInstanceOf(ClassCastException.class);
    assertThatThrownBy(account::isOpen).isInstanceOf(ClassCastException.class);
  }

  @Test
  void proxy_renamedOperation_usesOperationName() {
    account.credit(5);

    assertThat(invoker.calls)
        .extracting(c -> c.operation().name(), RecordedCall::input)
        .containsExactly(tuple("add", 5L));
  }

  @Test
  void proxy_contextParameter_isNotInput() {
    account.audit(null, "first");
    account.note("second", null);

    assertThat(invoker.calls)
        .extracting(c -> c.operation().name(), RecordedCall::input)
        .containsExactly(tuple("audit", "first"), tuple("note", "second"));
  }

  @Test
  void proxy_defaultMethod_runsLocallyAndCallsOperations() {
    invoker.answer("balance", 1234L);

    account.depositTwice(5);
    long euros = account.balanceInEuros();

    assertThat(euros).isEqualTo(12L);
    assertThat(invoker.calls)
        .extracting(c -> c.operation().name(), RecordedCall::input)
        .containsExactly(tuple("deposit", 5L), tuple("deposit", 5L), tuple("balance", null));
  }

  @Test
  void proxy_staticMethod_isNotProxied() {
    assertThat(Account.nothing()).isNull();
    assertThat(account.getClass().getDeclaredMethods())
        .noneMatch(m -> m.getName().equals("nothing"));
  }

  @Test
  void proxy_invokerException_propagatesUnchanged() {
    IllegalStateException failure = new IllegalStateException("boom");
    Account failing =
        factory.createProxy(
            Account.class,
            (operation, input) -> {
              throw failure;
            });

    assertThatThrownBy(() -> failing.deposit(1)).isSameAs(failure);
  }

  @Test
  void proxy_genericSuperInterface_usesResolvedTypes() {
    Names names = factory.createProxy(Names.class, invoker.answer("get", "x").answer("size", 1));

    names.put("a");

    assertThat(names.get()).isEqualTo("x");
    assertThat(names.size()).isEqualTo(1);
    assertThat(invoker.calls.get(0).operation().inputType()).isEqualTo(String.class);
    assertThat(invoker.calls.get(0).input()).isEqualTo("a");
  }

  @Test
  @SuppressWarnings("unchecked")
  void proxy_genericInterfaceItself_usesErasedTypes() {
    Store<String> store = factory.createProxy(Store.class, invoker.answer("get", "y"));

    store.put("b");

    assertThat(store.get()).isEqualTo("y");
    assertThat(invoker.calls.get(0).input()).isEqualTo("b");
  }

  @Test
  void proxy_covariantResult_worksThroughBothDeclarations() {
    Refined refined = factory.createProxy(Refined.class, invoker.answer("current", "now"));

    assertThat(refined.current()).isEqualTo("now");
    assertThat(((Base) refined).current()).isEqualTo("now");
    assertThat(invoker.calls).hasSize(2);
  }

  @Test
  void proxy_objectMethods_doNotCallInvoker() {
    account.toString();
    account.hashCode();
    account.equals(account);

    assertThat(invoker.calls).isEmpty();
  }

  @Test
  void entityProxies_findsThisFactoryThroughServiceLoader() {
    Account viaCore = EntityProxies.create(Account.class, invoker);

    viaCore.deposit(3);

    assertThat(viaCore.getClass()).isSameAs(account.getClass());
    assertThat(invoker.calls).hasSize(1);
  }

  @Test
  void proxy_class_isFinalAndNamedAfterInterface() {
    assertThat(account.getClass().getName())
        .startsWith(Account.class.getName() + "$DurableEntityProxy$");
    assertThat(java.lang.reflect.Modifier.isFinal(account.getClass().getModifiers())).isTrue();
  }
}
