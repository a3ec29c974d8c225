package io.durableentities.scheduler.internal.engine.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The status each storage failure is answered with (docs/troubleshooting.md lists them): retry
 * (UNAVAILABLE) when the same request can succeed later, DATA_LOSS for a damaged database, INTERNAL
 * for a bug; nothing of a failed request is stored in any case.
 */
class StorageFailuresTest {

  private static Status status(Throwable e) {
    return StorageFailures.status(e, "The scheduler could not store the request", "/data/db")
        .getStatus();
  }

  private static SQLiteException sqlite(SQLiteErrorCode code) {
    return new SQLiteException(code.message, code);
  }

  @Test
  void busyLockedAndIoErrors_areUnavailable() {
    assertThat(status(sqlite(SQLiteErrorCode.SQLITE_BUSY)).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status(sqlite(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status(sqlite(SQLiteErrorCode.SQLITE_LOCKED)).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status(sqlite(SQLiteErrorCode.SQLITE_IOERR_WRITE)).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status(new SQLException("database connection closed")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aFullDisk_isUnavailable_namingTheDatabaseAndWhatToDo() {
    Status s = status(sqlite(SQLiteErrorCode.SQLITE_FULL));

    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription())
        .contains("/data/db")
        .contains("full")
        .contains("nothing of the request was stored")
        .contains("free space");
  }

  @Test
  void corruption_isDataLoss_notToBeRetried() {
    for (SQLiteErrorCode code :
        new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_CORRUPT, SQLiteErrorCode.SQLITE_NOTADB}) {
      Status s = status(sqlite(code));
      assertThat(s.getCode()).as(code.name()).isEqualTo(Status.Code.DATA_LOSS);
      assertThat(s.getDescription()).contains("damaged").contains("do not retry");
    }
  }

  @Test
  void constraintViolationsAndOtherFailures_areInternal() {
    assertThat(status(sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY)).getCode())
        .isEqualTo(Status.Code.INTERNAL);
    assertThat(status(new IllegalStateException("bug")).getCode()).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void aRequestRolledBackWithAFailingOne_isUnavailable() {
    StatusRuntimeException s = StorageFailures.bystander(sqlite(SQLiteErrorCode.SQLITE_CORRUPT));

    assertThat(s.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getStatus().getDescription())
        .contains("another request of the same commit failed")
        .contains("nothing of this request was stored");
  }

  @Test
  void aStatusAlreadyChosen_isKept() {
    StatusRuntimeException named =
        Status.DATA_LOSS.withDescription("entity @a@b is unreadable").asRuntimeException();

    assertThat(StorageFailures.status(named, "x", "y")).isSameAs(named);
  }
}
