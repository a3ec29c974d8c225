package io.durableentities.scheduler.internal.engine.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every mutator of the engine's memory refuses a thread that does not hold the writer lock. */
class WriterLockTest {

  private final WriterLock lock = new WriterLock();
  private final EngineState state = new EngineState(lock, 16 * 1024 * 1024);

  private EntityRuntime entityUnderLock() {
    lock.lock();
    try {
      HubState h = state.hubOrCreate("default");
      EntityRuntime e = new EntityRuntime(h, "@counter@a", 0);
      h.addEntity(e);
      return e;
    } finally {
      lock.unlock();
    }
  }

  @Test
  void aMutatorCalledWithoutTheLock_isRefused_namingTheThread() {
    assertThatThrownBy(() -> state.hubOrCreate("default"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without the writer lock")
        .hasMessageContaining(Thread.currentThread().getName());
    lock.lock();
    try {
      assertThat(state.hub("default")).as("nothing was created").isNull();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void everyKindOfStateObject_refusesAChangeWithoutTheLock() {
    EntityRuntime e = entityUnderLock();
    HubState h = e.hub();

    assertThatThrownBy(() -> e.setState("1", 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> e.lock("o", "cs")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.refresh(e, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.markPersisted()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> state.newMessageId()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> state.seenRequestIds().add("default", "@c@a", "r", 1))
        .isInstanceOf(IllegalStateException.class);
    assertThat(e.state()).isNull();
  }

  @Test
  void whileTheWriterHoldsTheLock_anotherThreadCannotChangeState() throws Exception {
    EntityRuntime e = entityUnderLock();
    lock.lock();
    try {
      CompletableFuture<Void> reader =
          CompletableFuture.runAsync(() -> e.setState("from another thread", 2));

      assertThatThrownBy(() -> reader.get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class);
      e.setState("from the writer", 3);
      assertThat(e.state()).isEqualTo("from the writer");
      assertThat(lock.changes()).isPositive();
    } finally {
      lock.unlock();
    }
  }
}
