package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEntityDispatchTest {

  interface Greeter {
    String greet(String name);

    @Operation("count")
    int greetings();
  }

  static final class GreeterEntity extends TaskEntity<Integer> implements Greeter {

    @Override
    public String greet(String name) {
      state++;
      return "Hello, " + name;
    }

    @Override
    public int greetings() {
      return state;
    }

    public void add(long amount) {
      state += (int) amount;
    }

    public String whoAmI(EntityContext context) {
      return context.id() + " " + context.operationName();
    }

    public String label(EntityContext context, String prefix) {
      return prefix + ":" + context.id().key();
    }

    public List<Instant> sortTimes(List<Instant> times) {
      List<Instant> sorted = new ArrayList<>(times);
      Collections.sort(sorted);
      return sorted;
    }

    public void fail(String message) {
      throw new IllegalStateException(message);
    }

    public void failChecked() throws IOException {
      throw new IOException("disk full");
    }

    public boolean contextMatches() {
      return context().id().key().equals("g1");
    }
  }

  private final EntityTester<Integer> tester = EntityTester.of(GreeterEntity::new, "g1");

  @Test
  void call_operationNameInAnyCase_dispatchesToMethod() {
    tester.call("GREET", "Ann");
    tester.call("Greet", "Bob");

    assertThat(tester.state()).isEqualTo(2);
  }

  @Test
  void call_renamedInterfaceOperation_usesAnnotationName() {
    tester.call("greet", "Ann");

    Object count = tester.call("count");

    assertThat(count).isEqualTo(1);
    assertThatThrownBy(() -> tester.call("greetings"))
        .isInstanceOf(EntityOperationFailedException.class);
  }

  @Test
  void call_noInputMethod_runsWithoutInput() {
    Object count = tester.call("count");

    assertThat(count).isEqualTo(0);
  }

  @Test
  void call_oneInputMethod_receivesDeserializedInput() {
    Object greeting = tester.call("greet", "Ann");

    assertThat(greeting).isEqualTo("Hello, Ann");
  }

  @Test
  void call_classMethodOutsideInterfaces_isOperation() {
    tester.call("add", 40L);

    assertThat(tester.state()).isEqualTo(40);
  }

  @Test
  void call_contextParameter_receivesContextOfRunningOperation() {
    Object who = tester.call("whoAmI");

    assertThat(who).isEqualTo("@greeter@g1 whoAmI");
  }

  @Test
  void call_contextParameterBeforeInput_bindsBoth() {
    Object label = tester.call("label", "tag");

    assertThat(label).isEqualTo("tag:g1");
  }

  @Test
  void call_contextAccessorDuringOperation_returnsContext() {
    Object matches = tester.call("contextMatches");

    assertThat(matches).isEqualTo(true);
  }

  @Test
  void call_genericInput_isDeserializedWithElementTypes() {
    Instant late = Instant.parse("2026-02-01T00:00:00Z");
    Instant early = Instant.parse("2026-01-01T00:00:00Z");

    Object sorted = tester.call("sortTimes", List.of(late, early));

    assertThat(sorted).isEqualTo(List.of(early, late));
  }

  @Test
  void call_result_isSerializedAsJson() {
    EntityBatchOutcome outcome = tester.runBatch(List.of(TestOperation.of("greet", "Ann")));

    assertThat(outcome.results().get(0).resultJson()).isEqualTo("\"Hello, Ann\"");
  }

  @Test
  void call_unknownOperation_failsNamingEntityOperationAndSortedOperations() {
    assertThatThrownBy(() -> tester.call("shout", "x"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("UnknownOperationException");

    FailureDetails failure = tester.failures().get(0);
    assertThat(failure.isCausedBy(UnknownOperationException.class)).isTrue();
    assertThat(failure.errorMessage())
        .contains("@greeter@g1")
        .contains("'shout'")
        .contains(
            "[add, contextMatches, count, delete, fail, failChecked, greet, label, sortTimes,"
                + " whoAmI]");
  }

  @Test
  void call_primitiveInputMissing_failsNamingOperationAndType() {
    assertThatThrownBy(() -> tester.call("add"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessageContaining("IllegalArgumentException");

    assertThat(tester.failures().get(0).errorMessage())
        .contains("'add'")
        .contains("@greeter@g1")
        .contains("input of type long")
        .contains("GreeterEntity.add(long)");
  }

  @Test
  void call_methodThrows_exceptionPropagatesUnwrapped() {
    assertThatThrownBy(() -> tester.call("fail", "boom"))
        .isInstanceOf(EntityOperationFailedException.class)
        .hasMessage("Operation 'fail' on entity @greeter@g1 failed: IllegalStateException: boom");

    assertThat(tester.failures().get(0).errorType()).isEqualTo("java.lang.IllegalStateException");
  }

  @Test
  void call_methodThrowsCheckedException_propagatesUnwrapped() {
    assertThatThrownBy(() -> tester.call("failChecked"))
        .isInstanceOf(EntityOperationFailedException.class);

    assertThat(tester.failures().get(0).errorType()).isEqualTo("java.io.IOException");
    assertThat(tester.failures().get(0).errorMessage()).isEqualTo("disk full");
  }

  @Test
  void context_outsideOperation_throwsIllegalState() {
    GreeterEntity entity = new GreeterEntity();

    assertThatThrownBy(entity::contextMatches)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no operation is running");
  }
}
