package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a WAL file the way SQLite's recovery does, before SQLite opens the database, to tell
 * whether recovery will drop committed transactions.
 *
 * <p>SQLite replays the WAL frame by frame while each frame carries the header's salts and a
 * cumulative checksum that matches, and keeps everything up to the last commit frame of that intact
 * prefix; at the first damaged frame it stops, silently. That is its contract, so this class
 * notices: frames after the damage that still carry the current salts were written in this WAL's
 * life, and each commit frame among them is a committed transaction SQLite will not recover. Frames
 * with other salts are leftovers of an earlier life of the WAL and mean nothing. A damaged header
 * makes SQLite ignore the whole file.
 *
 * <p>Format (https://www.sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header (magic
 * 0x377f0682/3 whose low bit gives the checksum words' byte order, version, page size, checkpoint
 * sequence, two salts, a checksum of the first 24 bytes), then frames of a 24-byte header (page
 * number, database size for commit frames else 0, two salts, cumulative checksum) and one page.
 */
public final class WalInspector {

  private static final int HEADER = 32;
  private static final int FRAME_HEADER = 24;
  private static final int MAGIC = 0x377f0682;

  /**
   * What a WAL holds.
   *
   * @param frames whole frames in the file
   * @param intactFrames frames SQLite's recovery accepts (an intact prefix)
   * @param recoveredCommits commit frames in that prefix (transactions SQLite recovers)
   * @param firstDamagedFrame the first frame (1-based) recovery refuses although later frames of
   *     this WAL's life follow it, or 0 when none
   * @param lostFrames frames of this WAL's life after the damage
   * @param lostCommits commit frames among them: committed transactions recovery drops
   * @param headerDamaged whether the header is unreadable (SQLite then ignores every frame)
   */
  public record Report(
      long frames,
      long intactFrames,
      long recoveredCommits,
      long firstDamagedFrame,
      long lostFrames,
      long lostCommits,
      boolean headerDamaged) {

    /** Whether SQLite's recovery will drop frames of committed transactions. */
    public boolean losesCommittedWork() {
      return lostCommits > 0;
    }
  }

  private WalInspector() {}

  /**
   * Inspects a WAL file; null when there is none (or it holds no frame).
   *
   * @param databasePageSize the database's page size, used when the WAL header is unreadable
   */
  public static Report inspect(Path wal, int databasePageSize) throws IOException {
    if (!Files.exists(wal) || Files.size(wal) <= HEADER) {
      return null;
    }
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
      ByteBuffer header = read(ch, 0, HEADER);
      int magic = header.getInt(0);
      boolean bigEndianWords = (magic & 1) == 1;
      int pageSize = header.getInt(8);
      int salt1 = header.getInt(16);
      int salt2 = header.getInt(20);
      int[] sum = checksum(bigEndianWords, header, 0, 24, 0, 0);
      boolean headerOk =
          (magic & 0xfffffffe) == MAGIC
              && header.getInt(4) == 3007000
              && validPageSize(pageSize)
              && sum[0] == header.getInt(24)
              && sum[1] == header.getInt(28);
      if (!headerOk) {
        return damagedHeader(ch, databasePageSize);
      }
      long frameSize = FRAME_HEADER + (long) pageSize;
      long frames = (ch.size() - HEADER) / frameSize;
      long intact = 0;
      long recovered = 0;
      long firstDamaged = 0;
      long lostFrames = 0;
      long lostCommits = 0;
      boolean broken = false;
      for (long i = 0; i < frames; i++) {
        ByteBuffer frame = read(ch, HEADER + i * frameSize, (int) frameSize);
        boolean current = frame.getInt(8) == salt1 && frame.getInt(12) == salt2;
        boolean commit = frame.getInt(4) != 0;
        if (!broken) {
          int[] next = checksum(bigEndianWords, frame, 0, 8, sum[0], sum[1]);
          next = checksum(bigEndianWords, frame, FRAME_HEADER, pageSize, next[0], next[1]);
          boolean ok =
              current
                  && frame.getInt(0) != 0
                  && next[0] == frame.getInt(16)
                  && next[1] == frame.getInt(20);
          if (ok) {
            sum = next;
            intact++;
            if (commit) {
              recovered++;
            }
            continue;
          }
          broken = true;
          firstDamaged = i + 1;
        }
        if (current) {
          lostFrames++;
          if (commit) {
            lostCommits++;
          }
        }
      }
      if (lostFrames == 0) {
        firstDamaged = 0;
      }
      return new Report(frames, intact, recovered, firstDamaged, lostFrames, lostCommits, false);
    }
  }

  /** A WAL SQLite ignores entirely: its frames (read with the database's page size) are lost. */
  private static Report damagedHeader(FileChannel ch, int pageSize) throws IOException {
    long frameSize = FRAME_HEADER + (long) pageSize;
    long frames = (ch.size() - HEADER) / frameSize;
    if (frames == 0) {
      return new Report(0, 0, 0, 0, 0, 0, true);
    }
    ByteBuffer first = read(ch, HEADER, FRAME_HEADER);
    int salt1 = first.getInt(8);
    int salt2 = first.getInt(12);
    long lostFrames = 0;
    long lostCommits = 0;
    for (long i = 0; i < frames; i++) {
      ByteBuffer frame = read(ch, HEADER + i * frameSize, FRAME_HEADER);
      if (frame.getInt(8) == salt1 && frame.getInt(12) == salt2) {
        lostFrames++;
        if (frame.getInt(4) != 0) {
          lostCommits++;
        }
      }
    }
    return new Report(frames, 0, 0, 1, lostFrames, lostCommits, true);
  }

  private static boolean validPageSize(int size) {
    return size >= 512 && size <= 65536 && (size & (size - 1)) == 0;
  }

  private static ByteBuffer read(FileChannel ch, long position, int size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        break;
      }
    }
    return b.clear();
  }

  /**
   * SQLite's WAL checksum ({@code walChecksumBytes}) over {@code length} bytes from {@code from}.
   */
  private static int[] checksum(
      boolean bigEndianWords, ByteBuffer data, int from, int length, int s1, int s2) {
    ByteBuffer words =
        data.duplicate().order(bigEndianWords ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + length; i += 8) {
      s1 += words.getInt(i) + s2;
      s2 += words.getInt(i + 4) + s1;
    }
    return new int[] {s1, s2};
  }
}
