package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durableentities.core.internal.TaskEntityModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskEntityDefinitionTest {

  static final class OverloadedEntity extends TaskEntity<Long> {
    public void add(long amount) {}

    public void add(String amount) {}
  }

  static final class CaseClashEntity extends TaskEntity<Long> {
    public void reset() {}

    public void Reset(String reason) {}
  }

  interface Resettable {
    void reset();
  }

  static final class InterfaceClashEntity extends TaskEntity<Long> implements Resettable {
    @Override
    public void reset() {}

    public void RESET(long value) {}
  }

  static final class TwoInputsEntity extends TaskEntity<Long> {
    public void transfer(String to, long amount) {}
  }

  interface Store<T> {
    void put(T value);

    T get();
  }

  static final class NamesEntity extends TaskEntity<List<String>> implements Store<List<String>> {
    @Override
    public void put(List<String> value) {
      state = value;
    }

    @Override
    public List<String> get() {
      return state;
    }
  }

  interface Pinger {
    void ping();
  }

  /** Named like Pinger: a class may implement both (EntityNames). */
  @EntityName("pinger")
  interface AlsoPinger {
    void ping();
  }

  static final class PlatformInterfacesEntity extends TaskEntity<Long>
      implements Comparable<PlatformInterfacesEntity>, Runnable, Pinger, AlsoPinger {

    @Override
    public int compareTo(PlatformInterfacesEntity other) {
      return 0;
    }

    @Override
    public void run() {}

    @Override
    public void ping() {
      state++;
    }

    @Override
    public String toString() {
      return "platform";
    }

    public long get() {
      return state;
    }

    public static void helper() {}

    void packagePrivate() {}
  }

  @Test
  void overloadedPublicMethods_throwNamingBothMethods() {
    assertThatThrownBy(() -> EntityTester.of(OverloadedEntity::new, "o1"))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("OverloadedEntity")
        .hasMessageContaining("operation 'add'")
        .hasMessageContaining("OverloadedEntity.add(long)")
        .hasMessageContaining("OverloadedEntity.add(String)");
  }

  @Test
  void methodNamesDifferingOnlyInCase_throw() {
    assertThatThrownBy(() -> TaskEntityModel.of(CaseClashEntity.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("case-insensitive")
        .hasMessageContaining("rename one with @Operation");
  }

  @Test
  void classMethodClashingWithInterfaceOperation_throws() {
    assertThatThrownBy(() -> TaskEntityModel.of(InterfaceClashEntity.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("Resettable.reset()")
        .hasMessageContaining("InterfaceClashEntity.RESET(long)");
  }

  @Test
  void classMethodWithTwoInputs_throwsSuggestingRecord() {
    assertThatThrownBy(() -> TaskEntityModel.of(TwoInputsEntity.class))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("TwoInputsEntity.transfer(String, long)")
        .hasMessageContaining("wrap them in a record");
  }

  @Test
  void genericInterfaceImplementation_isOneOperationWithResolvedInputType() {
    EntityTester<List<String>> tester = EntityTester.of(NamesEntity::new, "n1");

    tester.call("put", List.of("a", "b"));

    assertThat(TaskEntityModel.of(NamesEntity.class).operationNames())
        .containsExactly("delete", "get", "put");
    assertThat(tester.call("get")).isEqualTo(List.of("a", "b"));
  }

  @Test
  void platformInterfacesObjectStaticAndNonPublicMethods_areNotOperations() {
    TaskEntityModel model = TaskEntityModel.of(PlatformInterfacesEntity.class);

    assertThat(model.operationNames()).containsExactly("delete", "get", "ping");
  }

  @Test
  void sameMethodDeclaredByTwoInterfaces_isOneOperation() {
    EntityTester<Long> tester = EntityTester.of(PlatformInterfacesEntity::new, "p1");

    tester.call("ping");

    assertThat(tester.state()).isEqualTo(1L);
  }

  @Test
  void model_computedOncePerClass() {
    TaskEntityModel first = TaskEntityModel.of(NamesEntity.class);

    TaskEntityModel second = TaskEntityModel.of(NamesEntity.class);

    assertThat(second).isSameAs(first);
  }
}
