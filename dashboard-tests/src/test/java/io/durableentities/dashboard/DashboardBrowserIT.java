package io.durableentities.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's pages in headless Chromium, over a scheduler running the accounts sample ({@link
 * AccountsWorkload}). Each test starts from its own page and uses its own instances, so the tests
 * do not depend on their order.
 *
 * <p>With {@code -Ddashboard.screenshots=DIR} the main pages are also saved as PNGs in DIR (see
 * docs/dashboard.md for the command).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private AccountsWorkload workload;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  void start(@TempDir Path profile) throws Exception {
    Chromium.requireInstalled();
    workload = new AccountsWorkload();
    browser = Chromium.start(profile);
    // The pages re-render when their data change: an element found a moment ago may be gone.
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (workload != null) {
      workload.close();
    }
  }

  private void open(String fragment) {
    browser.get(workload.dashboard() + fragment);
  }

  private WebElement await(By locator) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  private void awaitText(By locator, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  private void confirm() {
    await(By.id("confirm-ok")).click();
  }

  /** Clicks an element, finding it again if a refresh replaced it. */
  private void click(By locator) {
    wait.until(
        d -> {
          d.findElement(locator).click();
          return true;
        });
  }

  /** The text of an element, finding it again if a refresh replaced it. */
  private String text(By locator) {
    return wait.until(d -> d.findElement(locator).getText());
  }

  @Test
  void orchestrationList_findsATransfer_andItsHistoryShowsTheLockedCalls() throws Exception {
    open("#/orchestrations");
    await(By.cssSelector("#instances-table tr[data-id='transfer-1']"));
    browser.findElement(By.id("filter-name")).sendKeys("Transfer");
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("COMPLETED");
    click(By.id("apply-filters"));
    wait.until(
        d ->
            d.findElements(By.cssSelector("#instances-table tr[data-id]")).size() == 3
                && d.findElements(By.cssSelector("#instances-table tr[data-id^='holder']"))
                    .isEmpty());
    screenshot("dashboard-orchestrations.png");

    click(By.linkText("transfer-1"));

    await(By.cssSelector("#history li[data-type='ExecutionCompleted']"));
    assertThat(text(By.id("instance-status"))).isEqualTo("COMPLETED");
    assertThat(text(By.id("instance-output"))).contains("DONE");
    assertThat(text(By.id("instance-input"))).contains("\"fromAccount\": \"acct-0\"");
    assertThat(text(By.id("instance-trace-id")))
        .as("the trace id of the client's create_orchestration span")
        .matches("[0-9a-f]{32}")
        .isNotEqualTo("0".repeat(32));
    assertThat(text(By.id("instance-span-id"))).matches("[0-9a-f]{16}");
    assertThat(browser.findElements(By.cssSelector("#history li[data-type='EntityLockGranted']")))
        .hasSize(1);
    assertThat(
            browser.findElements(
                By.cssSelector("#history li[data-type='EntityOperationCompleted']")))
        .hasSize(3);
    screenshot("dashboard-instance.png");
  }

  @Test
  void terminate_fromTheInstancePage_isConfirmed_andTheStatusChanges() {
    open("#/orchestrations");
    WebElement prefix = await(By.id("filter-prefix"));
    prefix.sendKeys("holder-2");
    click(By.id("apply-filters"));
    wait.until(d -> d.findElements(By.cssSelector("#instances-table tr[data-id]")).size() == 1);
    click(By.linkText("holder-2"));
    awaitText(By.id("instance-status"), "RUNNING");
    assertThat(text(By.id("instance-custom-status"))).contains("holding account acct-3");

    browser.findElement(By.id("action-terminate")).click();
    confirm();

    awaitText(By.id("action-result"), "Terminated holder-2");
    awaitText(By.id("instance-status"), "TERMINATED");
    await(By.cssSelector("#history li[data-type='ExecutionTerminated']"));
  }

  @Test
  void entityPage_showsThePrettyState_andTheLockHolder() {
    open("#/entities");
    await(By.cssSelector("#entities-table tr[data-id='@account@acct-2']"));
    click(By.linkText("@account@acct-2"));

    awaitText(By.id("entity-locked-by"), "holder-1");
    assertThat(text(By.id("entity-locked-by"))).contains("RUNNING");
    assertThat(text(By.id("entity-state"))).isEqualTo("10000");
    assertThat(text(By.id("entity-lock"))).contains("Held since").contains("@account@acct-2");
    assertThat(text(By.id("queue-table")))
        .as("the blocked transfer's lock request waits for holder-1")
        .contains("lock")
        .contains("transfer-blocked")
        .contains("holder-1");
    screenshot("dashboard-entity.png");
  }

  @Test
  void signalForm_deposits_andTheStateRefreshesLive() {
    open("#/entities/" + "%40account%40acct-0");
    awaitText(By.id("entity-backlog"), "0");
    String before = text(By.id("entity-state"));

    browser.findElement(By.id("signal-operation")).sendKeys("deposit");
    browser.findElement(By.id("signal-input")).sendKeys("1000");
    browser.findElement(By.id("send-signal")).click();
    confirm();

    awaitText(By.id("signal-result"), "Signalled 'deposit' to @account@acct-0");
    long expected = Long.parseLong(before.trim()) + 1000;
    awaitText(By.id("entity-state"), Long.toString(expected));
  }

  @Test
  void anEntityNameNoWorkerHosts_isFlagged_andAHostedOneIsNot() {
    open("#/entities/" + "%40nobody-hosts%40x");
    await(By.id("signal-operation")).sendKeys("deposit");
    browser.findElement(By.id("send-signal")).click();
    confirm();

    awaitText(By.id("entity-unhosted"), "No worker hosts this name");
    assertThat(text(By.id("entity-unhosted"))).contains("\"nobody-hosts\"");
    assertThat(text(By.id("entity-backlog"))).isEqualTo("1");
    open("#/entities/" + "%40account%40acct-1");
    await(By.id("entity-state"));
    assertThat(browser.findElements(By.id("entity-unhosted"))).isEmpty();
  }

  @Test
  void locksPage_showsHoldersAndWaitingRequests_andCleansStorage() {
    open("#/locks");
    By held = By.cssSelector("#held-locks tr[data-entity='@account@acct-2']");
    await(held);
    assertThat(text(held)).contains("holder-1").contains("RUNNING");
    awaitText(By.id("waiting-requests"), "transfer-blocked");
    assertThat(text(By.id("waiting-requests"))).contains("@account@acct-2").contains("holder-1");
    assertThat(browser.findElements(By.id("orphan-warning")))
        .as("every holder is running")
        .isEmpty();
    screenshot("dashboard-locks.png");

    browser.findElement(By.id("clean-storage")).click();
    confirm();

    awaitText(By.id("clean-result"), "Released 0 orphaned lock(s)");
  }

  /** Saves the current page when {@code -Ddashboard.screenshots=DIR} is set. */
  private void screenshot(String name) {
    String dir = System.getProperty("dashboard.screenshots", "");
    if (dir.isBlank()) {
      return;
    }
    Dimension window = browser.manage().window().getSize();
    try {
      // The whole page, up to 1800 px high: the window grows to fit it for the shot.
      Object height = browser.executeScript("return document.documentElement.scrollHeight;");
      int pageHeight = Math.min(1800, ((Number) height).intValue());
      int chrome =
          window.getHeight() - ((Number) browser.executeScript("return innerHeight;")).intValue();
      browser.manage().window().setSize(new Dimension(window.getWidth(), pageHeight + chrome));
      Path target = Path.of(dir).toAbsolutePath();
      Files.createDirectories(target);
      Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not save the screenshot " + name, e);
    } finally {
      browser.manage().window().setSize(window);
    }
  }
}
