package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EntityInterfaceMetadataTest {

  interface Account {
    void deposit(long cents);

    @Operation("take")
    void withdraw(long cents);

    long balance();
  }

  interface Schedule {
    void plan(List<Map<String, Instant>> slots);

    List<Map<String, Instant>> slots();
  }

  interface WithContext {
    void notify(EntityContext context, String message);
  }

  interface TwoInputs {
    void transfer(String to, long amount);
  }

  interface TwoContexts {
    void touch(EntityContext a, EntityContext b);
  }

  interface CaseDuplicates {
    void reset();

    void Reset(String reason);
  }

  interface Overloads {
    void add(long amount);

    void add(String amount);
  }

  interface RenamedOverload {
    void add(long amount);

    @Operation("addText")
    void add(String amount);
  }

  interface BlankName {
    @Operation(" ")
    void run();
  }

  interface CompletableResult {
    CompletableFuture<Long> balance();
  }

  interface FutureResult {
    Future<Long> balance();
  }

  interface StageResult {
    CompletionStage<Long> balance();
  }

  interface WithDefaultsAndStatics {
    void add(long amount);

    default void addTwice(long amount) {
      add(amount);
      add(amount);
    }

    static WithDefaultsAndStatics none() {
      return null;
    }
  }

  interface Base {
    void reset();
  }

  interface Derived extends Base {
    long get();
  }

  interface RedeclaresObjectMethods {
    void ping();

    @Override
    String toString();

    @Override
    boolean equals(Object other);
  }

  interface Store<T> {
    void put(T value);

    T get();
  }

  interface Names extends Store<List<String>> {}

  interface ExtendsPlatform extends Comparable<String>, Runnable {
    void ping();
  }

  static final class NotAnInterface {}

  @Test
  void of_plainInterface_listsOperationsSortedByName() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Account.class);

    assertThat(metadata.interfaceType()).isEqualTo(Account.class);
    assertThat(metadata.operations())
        .map(OperationMetadata::name)
        .containsExactly("balance", "deposit", "take");
  }

  @Test
  void of_operationAnnotation_renamesOperation() throws Exception {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Account.class);

    OperationMetadata take = metadata.operation("take");

    assertThat(take.method()).isEqualTo(Account.class.getMethod("withdraw", long.class));
    assertThat(metadata.findOperation("withdraw")).isEmpty();
  }

  @Test
  void of_oneInput_describesInputAndResult() {
    OperationMetadata deposit = EntityInterfaceMetadata.of(Account.class).operation("deposit");

    assertThat(deposit.inputType()).isEqualTo(long.class);
    assertThat(deposit.inputIndex()).isZero();
    assertThat(deposit.contextIndex()).isEqualTo(-1);
    assertThat(deposit.resultType()).isEqualTo(void.class);
    assertThat(deposit.hasResult()).isFalse();
  }

  @Test
  void of_noInput_hasNullInputTypeAndIndexMinusOne() {
    OperationMetadata balance = EntityInterfaceMetadata.of(Account.class).operation("balance");

    assertThat(balance.inputType()).isNull();
    assertThat(balance.inputIndex()).isEqualTo(-1);
    assertThat(balance.resultType()).isEqualTo(long.class);
    assertThat(balance.hasResult()).isTrue();
  }

  @Test
  void of_genericInputAndResult_preserveFullGenericType() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Schedule.class);
    var expected = new TypeReference<List<Map<String, Instant>>>() {}.getType();

    assertThat(metadata.operation("plan").inputType()).isEqualTo(expected);
    assertThat(metadata.operation("slots").resultType()).isEqualTo(expected);
  }

  @Test
  void of_contextParameter_isContextSlotNotInput() {
    OperationMetadata notify = EntityInterfaceMetadata.of(WithContext.class).operation("notify");

    assertThat(notify.contextIndex()).isZero();
    assertThat(notify.inputIndex()).isEqualTo(1);
    assertThat(notify.inputType()).isEqualTo(String.class);
    assertThat(notify.inputOf(new Object[] {null, "hi"})).isEqualTo("hi");
  }

  @Test
  void of_twoInputParameters_throwsSuggestingRecord() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(TwoInputs.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("TwoInputs.transfer(String, long)")
        .hasMessageContaining("2 input parameters")
        .hasMessageContaining("wrap them in a record");
  }

  @Test
  void of_twoContextParameters_throws() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(TwoContexts.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("TwoContexts.touch")
        .hasMessageContaining("more than one EntityContext");
  }

  @Test
  void of_namesDifferingOnlyInCase_throws() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(CaseDuplicates.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("CaseDuplicates")
        .hasMessageContaining("case-insensitive")
        .hasMessageContaining("rename one with @Operation");
  }

  @Test
  void of_overloads_throwsNamingBothMethods() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(Overloads.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("operation 'add'")
        .hasMessageContaining("Overloads.add(long)")
        .hasMessageContaining("Overloads.add(String)")
        .hasMessageContaining("rename one with @Operation");
  }

  @Test
  void of_overloadRenamedWithOperation_isValid() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(RenamedOverload.class);

    assertThat(metadata.operations())
        .map(OperationMetadata::name)
        .containsExactly("add", "addText");
  }

  @Test
  void of_blankOperationValue_throws() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(BlankName.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("BlankName.run()")
        .hasMessageContaining("blank @Operation value");
  }

  @Test
  void of_completableFutureResult_throwsPlainResultsRule() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(CompletableResult.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("CompletableResult.balance()")
        .hasMessageContaining("CompletableFuture<Long>")
        .hasMessageContaining("entity interfaces declare plain results");
  }

  @Test
  void of_futureResult_throws() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(FutureResult.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("entity interfaces declare plain results");
  }

  @Test
  void of_completionStageResult_throws() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(StageResult.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("CompletionStage<Long>");
  }

  @Test
  void of_defaultAndStaticMethods_areNotOperations() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(WithDefaultsAndStatics.class);

    assertThat(metadata.operations()).map(OperationMetadata::name).containsExactly("add");
  }

  @Test
  void of_superInterfaceMethods_areIncluded() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Derived.class);

    assertThat(metadata.operations()).map(OperationMetadata::name).containsExactly("get", "reset");
  }

  @Test
  void of_redeclaredObjectMethods_areExcluded() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(RedeclaresObjectMethods.class);

    assertThat(metadata.operations()).map(OperationMetadata::name).containsExactly("ping");
  }

  @Test
  void of_platformSuperInterfaces_contributeNoOperations() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(ExtendsPlatform.class);

    assertThat(metadata.operations()).map(OperationMetadata::name).containsExactly("ping");
  }

  @Test
  void of_genericSuperInterface_resolvesTypeVariables() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Names.class);
    var listOfStrings = new TypeReference<List<String>>() {}.getType();

    assertThat(metadata.operation("put").inputType()).isEqualTo(listOfStrings);
    assertThat(metadata.operation("get").resultType()).isEqualTo(listOfStrings);
  }

  @Test
  void of_class_throwsNotAnInterface() {
    assertThatThrownBy(() -> EntityInterfaceMetadata.of(NotAnInterface.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("NotAnInterface")
        .hasMessageContaining("is not an interface");
  }

  @Test
  void of_calledTwice_returnsSameInstance() {
    EntityInterfaceMetadata first = EntityInterfaceMetadata.of(Account.class);

    EntityInterfaceMetadata second = EntityInterfaceMetadata.of(Account.class);

    assertThat(second).isSameAs(first);
  }

  @Test
  void operationByName_ignoresCase() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Account.class);

    assertThat(metadata.operation("DEPOSIT").name()).isEqualTo("deposit");
    assertThat(metadata.operation("Take").name()).isEqualTo("take");
  }

  @Test
  void operationByName_unknown_throwsListingOperations() {
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(Account.class);

    assertThatThrownBy(() -> metadata.operation("close"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no operation 'close'")
        .hasMessageContaining("[balance, deposit, take]");
  }

  @Test
  void operationByMethod_interfaceMethod_findsOperation() throws Exception {
    Method withdraw = Account.class.getMethod("withdraw", long.class);

    OperationMetadata operation = EntityInterfaceMetadata.of(Account.class).operation(withdraw);

    assertThat(operation.name()).isEqualTo("take");
  }

  @Test
  void operationByMethod_superInterfaceMethod_findsOperation() throws Exception {
    Method reset = Base.class.getMethod("reset");

    OperationMetadata operation = EntityInterfaceMetadata.of(Derived.class).operation(reset);

    assertThat(operation.name()).isEqualTo("reset");
  }

  @Test
  void operationByMethod_defaultMethod_throws() throws Exception {
    Method addTwice = WithDefaultsAndStatics.class.getMethod("addTwice", long.class);
    EntityInterfaceMetadata metadata = EntityInterfaceMetadata.of(WithDefaultsAndStatics.class);

    assertThatThrownBy(() -> metadata.operation(addTwice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("addTwice(long) is not an operation");
    assertThat(metadata.findOperation(addTwice)).isEmpty();
  }
}
