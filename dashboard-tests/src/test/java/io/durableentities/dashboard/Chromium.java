package io.durableentities.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system (Debian's {@code chromium} and {@code chromium-driver}), driven
 * through its own chromedriver: both paths are set explicitly, so Selenium never tries to download
 * a browser or a driver. Override them with {@code -Dchromium.binary=...} and {@code
 * -Dchromedriver.binary=...}.
 */
final class Chromium {

  static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));

  private Chromium() {}

  /**
   * Skips the calling test when Chromium or its driver is missing, with the reason; under {@code
   * CI=true} fails instead, since CI installs them ({@code .ci/run}).
   */
  static void requireInstalled() {
    String missing = null;
    if (!Files.isExecutable(BINARY)) {
      missing = "Chromium (" + BINARY + ")";
    } else if (!Files.isExecutable(DRIVER)) {
      missing = "chromedriver (" + DRIVER + ")";
    }
    if (missing == null) {
      return;
    }
    String reason =
        missing
            + " is not installed; install it with `apt-get install -y chromium chromium-driver`"
            + " (.ci/run does) to run the dashboard's browser tests";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(reason);
    }
    Assumptions.abort(reason);
  }

  /** Starts a headless browser with a fresh profile in {@code profileDir}. */
  static ChromeDriver start(Path profileDir) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(120))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return driver;
  }
}
