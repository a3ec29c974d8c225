package io.durableentities.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskEntityDeleteTest {

  static final class NoteEntity extends TaskEntity<String> {

    public void write(String text) {
      state = text;
    }

    public void clear() {
      state = null;
    }

    public void wipeAndKeepField(EntityContext context) {
      context.deleteState();
    }

    public void wipeThenRewrite(EntityContext context) {
      context.deleteState();
      state = "rewritten";
    }
  }

  static final class ArchiveEntity extends TaskEntity<String> {

    public void write(String text) {
      state = text;
    }

    public void delete() {
      state = "deleted at " + state.length();
    }
  }

  @Test
  void delete_implicitOperation_deletesState() {
    EntityTester<String> tester = EntityTester.of(NoteEntity::new, "n1");
    tester.call("write", "hello");

    tester.call("delete");

    assertThat(tester.exists()).isFalse();
    assertThat(tester.state()).isNull();
  }

  @Test
  void delete_implicitOperationInAnyCase_deletesState() {
    EntityTester<String> tester = EntityTester.of(NoteEntity::new, "n1");
    tester.call("write", "hello");

    tester.call("DeLeTe");

    assertThat(tester.exists()).isFalse();
  }

  @Test
  void delete_userDefinedOperation_takesPrecedence() {
    EntityTester<String> tester = EntityTester.of(ArchiveEntity::new, "a1");
    tester.call("write", "hello");

    tester.call("DELETE");

    assertThat(tester.state()).isEqualTo("deleted at 5");
  }

  @Test
  void stateFieldSetToNull_deletesState() {
    EntityTester<String> tester = EntityTester.of(NoteEntity::new, "n1");
    tester.call("write", "hello");

    tester.call("clear");

    assertThat(tester.exists()).isFalse();
    assertThat(tester.stateJson()).isNull();
  }

  @Test
  void contextDeleteState_alsoClearsStateField() {
    EntityTester<String> tester = EntityTester.of(NoteEntity::new, "n1");
    tester.call("write", "hello");

    tester.call("wipeAndKeepField");

    assertThat(tester.exists()).isFalse();
  }

  @Test
  void contextDeleteState_thenFieldAssigned_keepsNewState() {
    EntityTester<String> tester = EntityTester.of(NoteEntity::new, "n1");
    tester.call("write", "hello");

    tester.call("wipeThenRewrite");

    assertThat(tester.state()).isEqualTo("rewritten");
  }
}
