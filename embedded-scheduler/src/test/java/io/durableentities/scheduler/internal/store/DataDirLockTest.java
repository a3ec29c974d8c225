package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim on a data directory survives the deletion of {@code scheduler.lock} (a second process
 * is refused too: {@code SchedulerJarIT.dataDirStaysLocked_whenItsLockFileIsDeleted}).
 */
class DataDirLockTest {

  @TempDir Path dataDir;

  @Test
  void deletingTheLockFile_doesNotLetASecondStoreOpenTheDirectory() throws Exception {
    try (Store first = Store.open(dataDir, StoreOptions.DEFAULT)) {
      Files.delete(dataDir.resolve(DataDirLock.FILE_NAME));

      assertThatThrownBy(() -> Store.open(dataDir, StoreOptions.DEFAULT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another scheduler")
          .hasMessageContaining(dataDir.toAbsolutePath().toString());
      assertThat(first.file()).exists();
    }
    Store.open(dataDir, StoreOptions.DEFAULT).close();
  }

  @Test
  void anotherPathToTheSameDirectory_isTheSameDirectory() throws Exception {
    Path link =
        Files.createSymbolicLink(dataDir.resolveSibling(dataDir.getFileName() + "-link"), dataDir);
    try (Store first = Store.open(dataDir, StoreOptions.DEFAULT)) {
      assertThatThrownBy(() -> Store.open(link, StoreOptions.DEFAULT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another scheduler");
    } finally {
      Files.delete(link);
    }
  }
}
