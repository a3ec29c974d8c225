package io.durableentities.samples.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts sample end to end on the in-process embedded scheduler, persisted in SQLite. */
class AccountsOnSchedulerIT {

  @TempDir Path dataDir;

  private AccountsOptions options(int transfers, long seed) {
    return new AccountsOptions(
        6, transfers, 500, seed, AccountsOptions.Mode.SCHEDULER, null, dataDir);
  }

  @Test
  void concurrentTransfers_conserveMoney_andEveryOrderIsCountedOnce() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    TransferReport report =
        AccountsApp.runOnScheduler(
            options(300, 5), new PrintStream(progress, true, StandardCharsets.UTF_8), false);

    assertThat(report.accounts()).isEqualTo(6);
    assertThat(report.totalBefore()).isEqualTo(6 * 500);
    assertThat(report.totalAfter()).isEqualTo(report.totalBefore());
    assertThat(report.done() + report.rejected()).isEqualTo(300);
    assertThat(report.done()).isPositive();
    assertThat(report.where()).contains(dataDir.toAbsolutePath().normalize().toString());
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("transfers 300/300");
  }

  @Test
  void secondRun_onTheSameDataDir_continuesFromTheStoredBalances() throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    TransferReport first = AccountsApp.runOnScheduler(options(100, 1), quiet, false);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TransferReport second =
        AccountsApp.runOnScheduler(
            options(100, 2), new PrintStream(out, true, StandardCharsets.UTF_8), false);

    assertThat(second.totalBefore()).isEqualTo(first.totalAfter());
    assertThat(second.totalAfter()).isEqualTo(second.totalBefore());
    assertThat(second.done() + second.rejected()).isEqualTo(100);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0 opened now, 6 existed");
  }
}
