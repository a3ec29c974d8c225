package io.durableentities.scheduler.internal.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The SQLite database: one writer connection, used by one thread at a time (the writer), always
 * inside a transaction ({@code autoCommit=false}); {@link #commit()} makes a group of changes
 * durable with one fsync ({@code journal_mode=WAL}, {@code synchronous=FULL}).
 *
 * <p>After a failed write, {@link #reset()} rolls back and, for a file, closes the connection and
 * opens a new one with new statements: SQLite may already have rolled the transaction back by
 * itself (disk full, I/O error), after which the old connection would run every statement in a
 * transaction of its own. {@link #transactionLost()} tells the writer when that happened. So that a
 * reset takes effect everywhere, callers ask {@link #orchestrations()} each time instead of keeping
 * what it returns.
 */
public final class Store implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Store.class);

  /**
   * The page size of a new database (an existing one keeps its own; SQLite cannot change it in WAL
   * mode). 1 KiB instead of SQLite's 4 KiB: each commit writes every B-tree page it touched into
   * the WAL, and a group of signals touches a few scattered pages (entity rows, the ends of the
   * logs), so smaller pages write fewer bytes per commit (measured in the benchmark runner's
   * scenario f-write: about 2.7 KB per signal with 4 KiB pages, 1.7 KB with 1 KiB).
   */
  static final int NEW_DATABASE_PAGE_SIZE = 1024;

  /** The database file name inside the data directory. */
  public static final String DB_FILE = "scheduler.db";

  private final Path file;
  private final DataDirLock lock;
  private final String where;
  private final StoreOptions.ConnectionSetup setup;
  private Checkpointer checkpointer;
  private Connection connection;
  private OrchestrationTables orchestrations;
  private volatile boolean transactionLost;

  private EntityTables entities;

  private Store(
      Connection connection,
      Path file,
      DataDirLock lock,
      String where,
      StoreOptions.ConnectionSetup setup)
      throws SQLException {
    this.file = file;
    this.lock = lock;
    this.where = where;
    this.setup = setup;
    use(connection);
  }

  /** Makes {@code c} the writer connection, with its statements. */
  private void use(Connection c) throws SQLException {
    this.connection = c;
    prepareStatements();
    ((SQLiteConnection) c)
        .addCommitListener(
            new SQLiteCommitListener() {
              @Override
              public void onCommit() {}

              @Override
              public void onRollback() {
                transactionLost = true;
              }
            });
    transactionLost = false;
  }

  private void prepareStatements() throws SQLException {
    entities = new EntityTables(connection);
    orchestrations = new OrchestrationTables(connection);
  }

  /**
   * The entity tables (hubs, entities, messages, dedup log), on the writer's connection and
   * transaction. Ask each time: a {@link #reset()} replaces them.
   */
  public EntityTables entities() {
    return entities;
  }

  /**
   * The orchestration tables, on the same connection and transaction. Ask each time: a {@link
   * #reset()} replaces them.
   */
  public OrchestrationTables orchestrations() {
    return orchestrations;
  }

  /** Reads every orchestration row (after {@link #load}); legacy V1 inbox rows included. */
  public void loadOrchestrations(OrchestrationLoader loader) throws SQLException {
    orchestrations.load(loader);
    connection.commit();
  }

  /**
   * Opens (creating or migrating as needed) the database of a data directory, holding its lock. A
   * WAL that SQLite's recovery will not replay entirely is reported first ({@link WalInspector}).
   *
   * @throws IllegalStateException when another scheduler uses the directory, when the database is
   *     of a newer version, or when the integrity check was asked for and fails
   */
  public static Store open(Path dataDir, StoreOptions options) throws IOException, SQLException {
    Path file = dataDir.resolve(DB_FILE).toAbsolutePath();
    DataDirLock lock = DataDirLock.acquire(dataDir, file);
    String where = file.toString();
    try {
      DamagedWal.reportBeforeOpen(file);
      Connection c = connect(file, options.connectionSetup());
      Store store;
      try {
        init(c, where);
        if (options.integrityCheck()) {
          IntegrityCheck.requireIntact(c, where);
        }
        store = new Store(c, file, lock, where, options.connectionSetup());
        store.checkpointer = new Checkpointer(where, where);
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      log.debug("Opened the scheduler database {}", where);
      return store;
    } catch (SQLException | IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens a private in-memory database (for tests): nothing survives {@link #close()}. */
  public static Store openInMemory() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", properties());
    try {
      init(c, "(in memory)");
      return new Store(c, null, null, "(in memory)", StoreOptions.ConnectionSetup.NONE);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static Connection connect(Path file, StoreOptions.ConnectionSetup setup)
      throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, properties());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA page_size = " + NEW_DATABASE_PAGE_SIZE);
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA wal_autocheckpoint = 0");
      setup.configure(c);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Driver settings: no generated-keys query after each INSERT (the driver would otherwise compile
   * and run {@code SELECT last_insert_rowid()} per insert; every row id is chosen here).
   */
  private static Properties properties() {
    SQLiteConfig config = new SQLiteConfig();
    config.setGetGeneratedKeys(false);
    return config.toProperties();
  }

  private static void init(Connection c, String where) throws SQLException {
    c.setAutoCommit(false);
    Schema.migrate(c, where);
    purgeConsumed(c);
  }

  /**
   * Deletes every message recorded as executed, on open (a reload after a failed write only reads,
   * and leaves them out instead, so that it works on a full disk).
   */
  private static void purgeConsumed(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM messages WHERE id IN (SELECT id FROM consumed_messages)");
      s.execute("DELETE FROM consumed_messages");
    }
    c.commit();
  }

  /** Where the database lives, for messages. */
  public String where() {
    return where;
  }

  /** The database file, or null for an in-memory database. */
  public Path file() {
    return file;
  }

  /**
   * Makes the store usable after a failed write: rolls back, and for a file closes the connection
   * and opens a new one (new statements, a new transaction); an in-memory database keeps its
   * connection and starts a new transaction on it.
   *
   * @throws SQLException when no usable connection could be had (retry later)
   */
  public void reset() throws SQLException {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("Rollback after a failed write of {}: {}", where, e.getMessage());
    }
    if (file == null) {
      if (transactionLost) {
        try (Statement s = connection.createStatement()) {
          s.execute("BEGIN");
        } catch (SQLException e) {
          log.debug("New transaction on {}: {}", where, e.getMessage());
        }
      }
      resetStatements();
      transactionLost = false;
      return;
    }
    closeQuietly(connection);
    Connection c = connect(file, setup);
    try {
      c.setAutoCommit(false);
      use(c);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** Prepares every statement again (after one failed and may be left unusable). */
  public void resetStatements() {
    EntityTables oldEntities = entities;
    OrchestrationTables oldOrchestrations = orchestrations;
    try {
      prepareStatements();
    } catch (SQLException e) {
      log.warn("Could not prepare the statements of {} again", where, e);
      return;
    }
    oldEntities.close();
    oldOrchestrations.close();
  }

  private void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Could not close a connection of {}", where, e);
    }
  }

  /**
   * Whether SQLite rolled back the open transaction since it began (by itself, e.g. after a full
   * disk): what was written in it is gone, and statements now run outside any transaction.
   */
  public boolean transactionLost() {
    return transactionLost;
  }

  /** Rows changed on the writer connection since it was opened (moves with every write). */
  public long totalChanges() {
    try {
      return ((SQLiteConnection) connection).getDatabase().total_changes();
    } catch (SQLException e) {
      return -1;
    }
  }

  /**
   * The highest row id of the dedup log, or 0 when it is empty: new rows continue after it, also
   * when every stored row is older than the window and none was loaded (old rows stay until they
   * are pruned with the rows after them).
   */
  public long maxDedupId() throws SQLException {
    long max = StoreLoads.maxDedupId(connection);
    connection.commit();
    return max;
  }

  /**
   * Reads the dedup log in row-id order (the order the request ids were seen), skipping rows seen
   * before {@code seenSince} (outside the window; pruned later with the rows after them).
   */
  public void loadDedup(long seenSince, DedupLoader loader) throws SQLException {
    loadDedup(seenSince, 0, loader);
  }

  /** Like {@link #loadDedup(long, DedupLoader)}, for the rows after row id {@code afterId}. */
  public void loadDedup(long seenSince, long afterId, DedupLoader loader) throws SQLException {
    StoreLoads.loadDedup(connection, seenSince, afterId, loader);
    connection.commit();
  }

  /**
   * Commits the open transaction: one fsync for everything written since the last commit. The WAL
   * is checkpointed off this path ({@link Checkpointer}).
   */
  public void commit() throws SQLException {
    connection.commit();
    transactionLost = false;
    if (checkpointer != null) {
      checkpointer.afterCommit();
    }
  }

  /** Whether the store holds any entity row. */
  public boolean hasEntityRows() throws SQLException {
    return StoreLoads.hasEntityRows(connection);
  }

  /**
   * Reads everything the engine keeps in memory. Entity rows are read per hub in id order (the
   * primary key's) and locks apart (few rows hold one), so each of the many entity rows costs the
   * driver three columns only and can be put in a tree without comparing keys. Executed messages
   * whose rows are not deleted yet are reported as such and left out of the queues. Only reads, so
   * that memory can be rebuilt even when the disk is full.
   *
   * @param entityRows whether to read every entity row; when false only the locks are (the engine
   *     reads the other rows when it needs them)
   */
  public void load(StoreLoader loader, boolean entityRows) throws SQLException {
    load(loader, entityRows, true);
  }

  /**
   * Like {@link #load(StoreLoader, boolean)}; without {@code messages} the queued messages are left
   * for {@link #loadMessages} (the engine reads them in pages after it listens).
   */
  public void load(StoreLoader loader, boolean entityRows, boolean messages) throws SQLException {
    StoreLoads.load(connection, loader, entityRows, messages);
    connection.commit();
  }

  /**
   * Reads up to {@code limit} queued messages after id {@code after} and up to {@code upTo}, in id
   * order (executed ones left out), on the writer's connection; returns the highest id read, or
   * {@code after}.
   */
  public long loadMessages(long after, long upTo, int limit, StoreLoader loader)
      throws SQLException {
    return StoreLoads.loadMessages(connection, after, upTo, limit, loader);
  }

  /** The highest message row id, or 0 when none. */
  public long maxMessageId() throws SQLException {
    return StoreLoads.maxMessageId(connection);
  }

  @Override
  public void close() throws SQLException, IOException {
    try {
      try {
        if (checkpointer != null) {
          checkpointer.close();
        }
      } finally {
        if (!connection.isClosed()) {
          try {
            connection.rollback();
          } finally {
            connection.close();
          }
        }
      }
      log.debug("Closed the scheduler database {}", where);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
