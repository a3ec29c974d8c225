package io.durableentities.scheduler.internal.engine.write;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The gRPC status a storage failure is answered with. Nothing of a failed request is ever stored,
 * so the status tells the caller whether trying again can help:
 *
 * <ul>
 *   <li>UNAVAILABLE (retry): the store is busy, out of space, could not be read or written (I/O
 *       error), or the scheduler is reloading its state: conditions that pass or that an operator
 *       fixes while the scheduler runs, after which the same request succeeds.
 *   <li>DATA_LOSS (do not retry): the database is damaged (SQLite reports corruption) where the
 *       request needs it; the message names what could not be read.
 *   <li>INTERNAL (do not retry): anything else, i.e. a bug of the scheduler.
 * </ul>
 *
 * A request that failed only because it shared a commit with a failing one is answered UNAVAILABLE
 * ({@link #bystander}).
 */
public final class StorageFailures {

  private StorageFailures() {}

  /** Whether SQLite reports the database as damaged. */
  public static boolean isCorruption(Throwable e) {
    SQLiteErrorCode code = code(e);
    return code != null
        && (code == SQLiteErrorCode.SQLITE_CORRUPT
            || code == SQLiteErrorCode.SQLITE_NOTADB
            || code.name().startsWith("SQLITE_CORRUPT_"));
  }

  /** Whether SQLite reports the disk as full. */
  public static boolean isDiskFull(Throwable e) {
    return code(e) == SQLiteErrorCode.SQLITE_FULL;
  }

  /**
   * Whether retrying later can succeed without a change of code: busy, full, I/O, or a connection
   * closed under the request (the driver's own errors, which carry no SQLite code).
   */
  public static boolean isTransient(Throwable e) {
    SQLiteErrorCode code = code(e);
    if (code == null) {
      return e instanceof SQLException;
    }
    String name = code.name();
    return name.startsWith("SQLITE_BUSY")
        || name.startsWith("SQLITE_LOCKED")
        || name.startsWith("SQLITE_IOERR")
        || name.startsWith("SQLITE_CANTOPEN")
        || name.startsWith("SQLITE_READONLY")
        || code == SQLiteErrorCode.SQLITE_FULL
        || code == SQLiteErrorCode.SQLITE_NOMEM
        || code == SQLiteErrorCode.SQLITE_PROTOCOL
        || code == SQLiteErrorCode.SQLITE_INTERRUPT;
  }

  /**
   * The status for a request whose work failed with {@code e}.
   *
   * @param what what failed, e.g. "The scheduler could not store the request"
   * @param where the database, for messages
   */
  public static StatusRuntimeException status(Throwable e, String what, String where) {
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    Status status;
    String advice;
    if (isCorruption(e)) {
      status = Status.DATA_LOSS;
      advice =
          "the database "
              + where
              + " is damaged there; check it (PRAGMA integrity_check, the scheduler's"
              + " integrity-check option) and restore it from a backup; do not retry";
    } else if (isDiskFull(e)) {
      status = Status.UNAVAILABLE;
      advice =
          "the disk of "
              + where
              + " is full; nothing of the request was stored; free space and retry (the scheduler"
              + " goes on without a restart)";
    } else if (isTransient(e)) {
      status = Status.UNAVAILABLE;
      advice = "nothing of the request was stored; retry";
    } else {
      status = Status.INTERNAL;
      advice = "nothing of the request was stored; this is a bug of the scheduler, see its log";
    }
    return status
        .withDescription(what + ": " + message(e) + "; " + advice)
        .withCause(e)
        .asRuntimeException();
  }

  /** The status for a request rolled back only because it shared its commit with a failing one. */
  public static StatusRuntimeException bystander(Throwable cause) {
    return Status.UNAVAILABLE
        .withDescription(
            "The scheduler could not store the request: another request of the same commit"
                + " failed ("
                + message(cause)
                + ") and the commit was rolled back; nothing of this request was stored; retry")
        .withCause(cause)
        .asRuntimeException();
  }

  private static String message(Throwable e) {
    if (e instanceof StatusRuntimeException s) {
      return s.getStatus().getCode() + ": " + s.getStatus().getDescription();
    }
    return e instanceof SQLException && e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static SQLiteErrorCode code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        return s.getResultCode();
      }
    }
    return null;
  }
}
