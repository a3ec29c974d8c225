package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads the header of a data directory's WAL, for tests of checkpointing. */
public final class WalHeader {

  private WalHeader() {}

  /**
   * The WAL header's checkpoint sequence number (big-endian, bytes 12–15), which grows each time
   * the WAL starts over; -1 when there is no WAL yet.
   */
  public static long checkpointSequence(Path dataDir) throws IOException {
    Path wal = dataDir.resolve("scheduler.db-wal");
    if (!Files.exists(wal) || Files.size(wal) < 32) {
      return -1;
    }
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(16);
      while (header.hasRemaining() && ch.read(header, header.position()) > 0) {}
      return Integer.toUnsignedLong(header.getInt(12));
    }
  }
}
