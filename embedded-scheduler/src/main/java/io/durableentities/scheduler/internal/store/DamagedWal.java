package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at a database's WAL before SQLite opens it ({@link WalInspector}) and, when SQLite's
 * recovery would drop committed transactions, logs an error that says how many, and keeps a copy of
 * the damaged WAL next to the database (SQLite overwrites the WAL once it writes again).
 */
final class DamagedWal {

  private static final Logger log = LoggerFactory.getLogger(DamagedWal.class);

  private DamagedWal() {}

  /** Inspects {@code database}'s WAL; returns the report (null when there is no WAL). */
  static WalInspector.Report reportBeforeOpen(Path database) throws IOException {
    Path wal = database.resolveSibling(database.getFileName() + "-wal");
    WalInspector.Report r = WalInspector.inspect(wal, pageSize(database));
    if (r == null) {
      return null;
    }
    if (!r.losesCommittedWork()) {
      log.debug(
          "WAL of {}: {} frame(s), {} commit(s) to recover",
          database,
          r.frames(),
          r.recoveredCommits());
      return r;
    }
    Path copy =
        database.resolveSibling(
            database.getFileName() + "-wal.damaged-" + System.currentTimeMillis());
    Files.copy(wal, copy, StandardCopyOption.COPY_ATTRIBUTES);
    log.error(
        "The WAL of {} is damaged {}: SQLite recovers the database up to its last intact commit"
            + " and ignores the rest, so {} committed transaction(s) ({} of {} frames) written"
            + " after that point are lost; {} commit(s) before it are recovered. The damaged WAL"
            + " is kept as {}. Check the database (the scheduler's integrity-check option runs"
            + " PRAGMA integrity_check) and restore it from a backup if the lost work matters.",
        database,
        r.headerDamaged() ? "in its header" : "at frame " + r.firstDamagedFrame(),
        r.lostCommits(),
        r.lostFrames(),
        r.frames(),
        r.recoveredCommits(),
        copy);
    return r;
  }

  /** The database's page size from its header (1024 when unknown). */
  private static int pageSize(Path database) throws IOException {
    if (!Files.exists(database) || Files.size(database) < 100) {
      return Store.NEW_DATABASE_PAGE_SIZE;
    }
    byte[] header = new byte[18];
    try (InputStream in = Files.newInputStream(database)) {
      if (in.readNBytes(header, 0, header.length) < header.length) {
        return Store.NEW_DATABASE_PAGE_SIZE;
      }
    }
    int size = ByteBuffer.wrap(header, 16, 2).getShort() & 0xffff;
    return size == 1 ? 65536 : size;
  }
}
