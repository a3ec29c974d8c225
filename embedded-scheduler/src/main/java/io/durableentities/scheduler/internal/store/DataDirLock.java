package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive claim on a data directory, so that two schedulers never share one database, even
 * when someone deletes {@value #FILE_NAME}. Three checks, in order:
 *
 * <ol>
 *   <li>In this process: a registry of the data directories open here, keyed by the directory's
 *       file key (its inode), which no file deletion changes.
 *   <li>{@value #FILE_NAME} is locked ({@link FileChannel#tryLock()}), as before.
 *   <li>The database itself: while a scheduler has it open, SQLite holds a shared lock on the
 *       database file (in WAL mode, for the whole life of its connections), so another process that
 *       cannot take that range exclusively knows the database is in use, whatever happened to the
 *       lock file. The probe runs before this process opens the database: releasing it (closing the
 *       channel) would otherwise drop SQLite's own locks of this process on that file.
 * </ol>
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE_NAME = "scheduler.lock";

  /** Where SQLite's unix VFS takes its shared lock on a database file ({@code SHARED_FIRST}). */
  private static final long SQLITE_SHARED_FIRST = 0x40000000L + 2;

  /** The size of that range ({@code SHARED_SIZE}). */
  private static final long SQLITE_SHARED_SIZE = 510;

  private static final Set<Object> OPEN_HERE = ConcurrentHashMap.newKeySet();

  private final Object key;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Object key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the claim or fails at once.
   *
   * @param database the database file the directory holds (it may not exist yet)
   * @throws IllegalStateException when another scheduler (in this or another process) uses the
   *     directory, or another process has its database open
   */
  static DataDirLock acquire(Path dataDir, Path database) throws IOException {
    Files.createDirectories(dataDir);
    Object key = keyOf(dataDir);
    if (!OPEN_HERE.add(key)) {
      throw inUse(dataDir, "another scheduler in this process uses it");
    }
    FileChannel channel = null;
    try {
      Path file = dataDir.resolve(FILE_NAME);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw inUse(dataDir, "another scheduler holds " + file.getFileName());
      }
      if (openElsewhere(database)) {
        lock.release();
        throw inUse(
            dataDir,
            "another process has "
                + database.getFileName()
                + " open (a scheduler whose "
                + FILE_NAME
                + " was deleted, or a tool such as sqlite3)");
      }
      return new DataDirLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      OPEN_HERE.remove(key);
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  /** The directory's identity: its file key where the file system has one, else its real path. */
  private static Object keyOf(Path dataDir) throws IOException {
    Object fileKey = Files.readAttributes(dataDir, BasicFileAttributes.class).fileKey();
    return fileKey != null ? fileKey : dataDir.toRealPath();
  }

  /** Whether some process holds SQLite's shared lock on the database file. */
  private static boolean openElsewhere(Path database) throws IOException {
    FileChannel probe;
    try {
      probe = FileChannel.open(database, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return false;
    }
    try (probe) {
      FileLock l = probe.tryLock(SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE, false);
      if (l == null) {
        return true;
      }
      l.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  private static IllegalStateException inUse(Path dataDir, String why) {
    return new IllegalStateException(
        "The data directory "
            + dataDir.toAbsolutePath()
            + " is in use by another scheduler ("
            + why
            + "). Stop that scheduler, or give this one another data directory.");
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        OPEN_HERE.remove(key);
      }
    }
  }
}
