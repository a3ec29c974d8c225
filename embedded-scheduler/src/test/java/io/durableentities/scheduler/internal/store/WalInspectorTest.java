package io.durableentities.scheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WAL that SQLite's recovery will not replay entirely is detected before the store opens: frames
 * of committed transactions after a damaged frame (or behind a damaged header), which SQLite
 * ignores silently, are counted, logged as an error, and the damaged WAL is kept.
 *
 * <p>The crash image is made the way a SIGKILL leaves it: a connection commits transactions into
 * the WAL (automatic checkpoints off) and the database and WAL files are copied while it is still
 * open; then a frame or the header of the copy is overwritten.
 */
class WalInspectorTest {

  private static final int COMMITS = 20;

  @TempDir Path live;
  @TempDir Path crash;

  /**
   * A crash image in {@link #crash}: a store whose last {@value #COMMITS} commits are in the WAL.
   */
  private void crashImage() throws Exception {
    Store.open(live, StoreOptions.DEFAULT).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live.resolve(Store.DB_FILE))) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA wal_autocheckpoint = 0");
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO entities (hub, instance_id, state, last_modified)"
                  + " VALUES ('default', ?, 'x', 0)")) {
        for (int i = 0; i < COMMITS; i++) {
          p.setString(1, "@row@" + i);
          p.executeUpdate();
        }
      }
      Files.copy(live.resolve(Store.DB_FILE), crash.resolve(Store.DB_FILE));
      Files.copy(live.resolve(Store.DB_FILE + "-wal"), crash.resolve(Store.DB_FILE + "-wal"));
    }
  }

  private Path wal() {
    return crash.resolve(Store.DB_FILE + "-wal");
  }

  /** Overwrites bytes of the copy's WAL at {@code offset}. */
  private void overwrite(long offset, byte[] bytes) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(wal().toFile(), "rw")) {
      f.seek(offset);
      f.write(bytes);
    }
  }

  private int rowsAfterOpen() throws Exception {
    try (Store store = Store.open(crash, StoreOptions.DEFAULT)) {
      try (Connection c =
              DriverManager.getConnection("jdbc:sqlite:" + crash.resolve(Store.DB_FILE));
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM entities")) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void anIntactWal_losesNothing() throws Exception {
    crashImage();

    WalInspector.Report r = WalInspector.inspect(wal(), 1024);

    assertThat(r.frames()).isGreaterThanOrEqualTo(COMMITS);
    assertThat(r.intactFrames()).isEqualTo(r.frames());
    assertThat(r.recoveredCommits()).isEqualTo(COMMITS);
    assertThat(r.losesCommittedWork()).isFalse();
    assertThat(rowsAfterOpen()).isEqualTo(COMMITS);
  }

  @Test
  void aDamagedFrame_isDetected_withTheCommitsSqliteDrops() throws Exception {
    crashImage();
    WalInspector.Report before = WalInspector.inspect(wal(), 1024);
    long frameSize = 24 + 1024;
    long damaged = before.frames() / 2;
    // The page data of a frame in the middle: its checksum no longer matches.
    overwrite(32 + damaged * frameSize + 24 + 100, "damage".getBytes(StandardCharsets.US_ASCII));

    WalInspector.Report r = WalInspector.inspect(wal(), 1024);

    assertThat(r.firstDamagedFrame()).isEqualTo(damaged + 1);
    assertThat(r.intactFrames()).isEqualTo(damaged);
    assertThat(r.losesCommittedWork()).isTrue();
    assertThat(r.recoveredCommits() + r.lostCommits()).isEqualTo(COMMITS);
    assertThat(rowsAfterOpen())
        .as("SQLite recovers exactly the commits before the damage")
        .isEqualTo((int) r.recoveredCommits());
  }

  @Test
  void aDamagedHeader_makesSqliteIgnoreEveryFrame_andIsDetected() throws Exception {
    crashImage();
    overwrite(0, new byte[] {0, 0, 0, 0});

    WalInspector.Report r = WalInspector.inspect(wal(), 1024);

    assertThat(r.headerDamaged()).isTrue();
    assertThat(r.lostCommits()).isEqualTo(COMMITS);
    assertThat(rowsAfterOpen()).isZero();
  }

  @Test
  void openingADamagedWal_logsAnError_andKeepsACopyOfTheWal() throws Exception {
    crashImage();
    long frames = WalInspector.inspect(wal(), 1024).frames();
    overwrite(32 + (frames / 2) * (24 + 1024) + 24 + 100, new byte[] {1, 2, 3, 4});
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream err = System.err;

    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      Store.open(crash, StoreOptions.DEFAULT).close();
    } finally {
      System.setErr(err);
    }

    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("ERROR")
        .contains("The WAL of " + crash.resolve(Store.DB_FILE).toAbsolutePath())
        .contains("is damaged at frame " + (frames / 2 + 1))
        .contains("committed transaction(s)")
        .contains("are lost");
    try (Stream<Path> files = Files.list(crash)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith(Store.DB_FILE + "-wal.damaged-"));
    }
  }
}
