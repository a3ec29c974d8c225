package io.durableentities.scheduler.internal.engine.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.durableentities.scheduler.internal.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConsumedMessagesTest {

  private final Store store;
  private final WriterLock lock = new WriterLock();
  private final ConsumedMessages consumed = new ConsumedMessages(lock);

  ConsumedMessagesTest() throws Exception {
    store = Store.openInMemory();
    lock.lock();
  }

  @AfterEach
  void close() throws Exception {
    lock.unlock();
    store.close();
  }

  private void consume(long fromId, int count) throws Exception {
    for (long id = fromId; id < fromId + count; id++) {
      consumed.consume(store, id);
    }
  }

  @Test
  void nothingIsDeleted_untilABatchWaitsBeyondTheKeptOnes() throws Exception {
    consume(1, ConsumedMessages.KEPT + ConsumedMessages.DELETE_BATCH - 1);

    consumed.deleteOldest(store);

    assertThat(consumed.pending())
        .isEqualTo(ConsumedMessages.KEPT + ConsumedMessages.DELETE_BATCH - 1);
  }

  @Test
  void aFullBatch_isDeletedInOneCommit_downToTheKeptOnes() throws Exception {
    consume(1, ConsumedMessages.KEPT + ConsumedMessages.DELETE_BATCH);

    consumed.deleteOldest(store);
    store.commit();

    assertThat(consumed.pending()).isEqualTo(ConsumedMessages.KEPT);
  }

  @Test
  void aLargeBacklog_isDeletedAtMostMaxPerCommitAtATime() throws Exception {
    consume(1, ConsumedMessages.KEPT + ConsumedMessages.MAX_PER_COMMIT + 10);

    consumed.deleteOldest(store);

    assertThat(consumed.pending()).isEqualTo(ConsumedMessages.KEPT + 10);
  }
}
