package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.durableentities.core.internal.InitialStates;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TaskEntityStateTest {

  record Point(int x, int y) {}

  record Empty() {}

  public static final class Bag {
    public List<String> items = new ArrayList<>();
  }

  static final class NoDefaultConstructor {
    NoDefaultConstructor(int ignored) {}
  }

  record Visit(String who, Instant at) {}

  static final class PointEntity extends TaskEntity<Point> {
    public void move(Point to) {
      state = to;
    }

    public boolean isNull() {
      return state == null;
    }
  }

  static final class NicknameEntity extends TaskEntity<Optional<String>> {
    public void set(String nickname) {
      state = Optional.ofNullable(nickname);
    }

    public Optional<String> get() {
      return state;
    }
  }

  static final class VisitsEntity extends TaskEntity<List<Visit>> {
    public void visit(Visit visit) {
      state.add(visit);
    }

    public Instant last() {
      return state.get(state.size() - 1).at();
    }
  }

  static final class BagEntity extends TaskEntity<Bag> {
    public void put(String item) {
      state.items.add(item);
    }
  }

  abstract static class ValueEntity<T> extends TaskEntity<T> {
    public void put(T value) {
      state = value;
    }
  }

  static final class TimeEntity extends ValueEntity<Instant> {}

  static final class UntypedEntity<T> extends TaskEntity<T> {
    public void touch() {}
  }

  static final class OverriddenTypeEntity<T> extends TaskEntity<T> {
    @Override
    protected Type stateType() {
      return Long.class;
    }

    public Object get() {
      return state;
    }
  }

  static final class StartsAtTenEntity extends TaskEntity<Long> {
    @Override
    protected Long initialState() {
      return 10L;
    }

    public long get() {
      return state;
    }
  }

  static Stream<Arguments> defaultInitialStates() {
    return Stream.of(
        Arguments.of(Long.class, 0L),
        Arguments.of(Integer.class, 0),
        Arguments.of(Short.class, (short) 0),
        Arguments.of(Byte.class, (byte) 0),
        Arguments.of(Double.class, 0.0d),
        Arguments.of(Float.class, 0.0f),
        Arguments.of(BigDecimal.class, BigDecimal.ZERO),
        Arguments.of(BigInteger.class, BigInteger.ZERO),
        Arguments.of(Boolean.class, false),
        Arguments.of(String.class, ""),
        Arguments.of(Optional.class, Optional.empty()),
        Arguments.of(new TypeReference<List<String>>() {}.getType(), new ArrayList<>()),
        Arguments.of(new TypeReference<Set<String>>() {}.getType(), new LinkedHashSet<>()),
        Arguments.of(new TypeReference<Map<String, Long>>() {}.getType(), new LinkedHashMap<>()),
        Arguments.of(Empty.class, new Empty()));
  }

  @ParameterizedTest(name = "initialState_{0}")
  @MethodSource("defaultInitialStates")
  void initialState_knownType_isTypeAppropriateEmptyValue(Type type, Object expected) {
    Object initial = InitialStates.of(type);

    assertThat(initial).isEqualTo(expected);
    assertThat(initial).isExactlyInstanceOf(expected.getClass());
  }

  @Test
  void initialState_classWithNoArgConstructor_isNewInstance() {
    Object first = InitialStates.of(Bag.class);
    Object second = InitialStates.of(Bag.class);

    assertThat(first).isInstanceOf(Bag.class).isNotSameAs(second);
  }

  @Test
  void initialState_recordWithComponentsOrClassWithoutNoArgConstructor_isNull() {
    assertThat(InitialStates.of(Point.class)).isNull();
    assertThat(InitialStates.of(NoDefaultConstructor.class)).isNull();
  }

  @Test
  void state_noStoredState_startsFromInitialState() {
    EntityTester<Point> tester = EntityTester.of(PointEntity::new, "p1");

    Object wasNull = tester.call("isNull");

    assertThat(wasNull).isEqualTo(true);
    assertThat(tester.exists()).isFalse();
  }

  @Test
  void state_record_isStoredAndReloaded() {
    EntityTester<Point> tester = EntityTester.of(PointEntity::new, "p1");

    tester.call("move", new Point(3, 4));

    assertThat(tester.stateJson()).isEqualTo("{\"x\":3,\"y\":4}");
    assertThat(tester.state()).isEqualTo(new Point(3, 4));
    assertThat(tester.call("isNull")).isEqualTo(false);
  }

  @Test
  void state_optional_roundTrips() {
    EntityTester<Optional<String>> tester = EntityTester.of(NicknameEntity::new, "u1");

    tester.call("set", "annie");

    assertThat(tester.call("get")).isEqualTo(Optional.of("annie"));
    assertThat(tester.state()).isEqualTo(Optional.of("annie"));
  }

  @Test
  void state_listOfRecordsWithInstants_roundTripsWithElementTypes() {
    EntityTester<List<Visit>> tester = EntityTester.of(VisitsEntity::new, "v1");
    Instant at = Instant.parse("2026-03-01T10:00:00Z");

    tester.call("visit", new Visit("ann", at));

    assertThat(tester.call("last")).isEqualTo(at);
    assertThat(tester.state()).containsExactly(new Visit("ann", at));
  }

  @Test
  void state_mutableClassFromNoArgConstructor_isUpdatedInPlace() {
    EntityTester<Bag> tester = EntityTester.of(BagEntity::new, "b1");

    tester.call("put", "apple");
    tester.call("put", "pear");

    assertThat(tester.state().items).containsExactly("apple", "pear");
  }

  @Test
  void state_storedStateGiven_isLoadedIntoField() {
    EntityTester<Point> tester = EntityTester.of(PointEntity::new, "p1").withState(new Point(1, 1));

    Object wasNull = tester.call("isNull");

    assertThat(wasNull).isEqualTo(false);
  }

  @Test
  void stateType_genericBaseClass_isResolvedFromSubclass() {
    EntityTester<Instant> tester = EntityTester.of(TimeEntity::new, "t1");
    Instant at = Instant.parse("2026-03-01T10:00:00Z");

    tester.call("put", at);

    assertThat(tester.state()).isEqualTo(at);
  }

  @Test
  void stateType_unresolvableTypeVariable_failsSuggestingOverride() {
    assertThatThrownBy(() -> EntityTester.of(UntypedEntity::new, "u1"))
        .isInstanceOf(InvalidEntityInterfaceException.class)
        .hasMessageContaining("UntypedEntity")
        .hasMessageContaining("override stateType()");
  }

  @Test
  void stateType_overridden_isUsed() {
    EntityTester<Object> tester = EntityTester.of(OverriddenTypeEntity::new, "o1");

    Long initial = tester.call("get", null, Long.class);

    assertThat(initial).isEqualTo(0L);
  }

  @Test
  void initialState_overridden_isUsed() {
    EntityTester<Long> tester = EntityTester.of(StartsAtTenEntity::new, "s1");

    Object value = tester.call("get");

    assertThat(value).isEqualTo(10L);
    assertThat(tester.state()).isEqualTo(10L);
  }
}
