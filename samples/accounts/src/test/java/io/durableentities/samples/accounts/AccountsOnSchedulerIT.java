package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts sample end to end on the in-process embedded scheduler, persisted in SQLite. */
class AccountsOnSchedulerIT {

  @TempDir Path dataDir;

  private AccountsOptions options(int transfers, int locked, long seed) {
    return new AccountsOptions(
        6, transfers, locked, 500, seed, AccountsOptions.Mode.SCHEDULER, null, dataDir);
  }

  @Test
  void concurrentTransfers_conserveMoney_andEveryOrderIsCountedOnce() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    TransferReport report =
        AccountsApp.runOnScheduler(
                options(300, 0, 5), new PrintStream(progress, true, StandardCharsets.UTF_8), false)
            .get(0);

    assertThat(report.accounts()).isEqualTo(6);
    assertThat(report.totalBefore()).isEqualTo(6 * 500);
    assertThat(report.totalAfter()).isEqualTo(report.totalBefore());
    assertThat(report.done() + report.rejected()).isEqualTo(300);
    assertThat(report.done()).isPositive();
    assertThat(report.where()).contains(dataDir.toAbsolutePath().normalize().toString());
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("transfers 300/300")
        .containsPattern("dashboard      http://localhost:\\d+/");
  }

  @Test
  void lockedTransfers_inBothDirections_conserveMoney_andAllFinish() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    List<TransferReport> reports = AccountsApp.runOnScheduler(options(0, 30, 7), quiet, false);

    assertThat(reports).hasSize(2);
    TransferReport locked = reports.get(1);
    assertThat(locked.done() + locked.rejected()).isEqualTo(30);
    assertThat(locked.done()).isPositive();
    assertThat(locked.totalAfter()).isEqualTo(locked.totalBefore()).isEqualTo(6 * 500);
    assertThat(locked.slowest()).isPositive();
  }

  @Test
  void secondRun_onTheSameDataDir_continuesFromTheStoredBalances() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    TransferReport first = AccountsApp.runOnScheduler(options(100, 0, 1), quiet, false).get(0);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransferReport second =
        AccountsApp.runOnScheduler(
                options(100, 0, 2), new PrintStream(out, true, StandardCharsets.UTF_8), false)
            .get(0);

    assertThat(second.totalBefore()).isEqualTo(first.totalAfter());
    assertThat(second.totalAfter()).isEqualTo(second.totalBefore());
    assertThat(second.done() + second.rejected()).isEqualTo(100);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 opened now, 6 existed");
  }
}
