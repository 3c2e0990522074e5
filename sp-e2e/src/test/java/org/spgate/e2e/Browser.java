package org.spgate.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium driven through Debian's chromedriver, with a fresh profile.
 *
 * <p>Both executables are given explicitly, so Selenium Manager is never asked to resolve (or
 * download) a driver or a browser; the network stays on this machine.
 */
final class Browser implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium with an empty temporary profile; chromedriver logs to target/. */
  static Browser start() {
    Path profile;
    try {
      profile = Files.createTempDirectory("spgate-e2e-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(E2EPrerequisites.CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(Processes.target().resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(E2EPrerequisites.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1280,1024",
        "--user-data-dir=" + profile);
    return new Browser(new ChromeDriver(service, options), profile);
  }

  WebDriver driver() {
    return driver;
  }

  /** Navigates to {@code url}. */
  Browser open(String url) {
    driver.get(url);
    return this;
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /** The visible text of the page. */
  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  /** The current values of all input fields, which {@link #text()} does not show. */
  List<String> inputValues() {
    Object values =
        driver.executeScript(
            "return Array.from(document.querySelectorAll('input'), i => i.value);");
    return values instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }

  /** Waits up to {@link #WAIT} for an element. */
  WebElement await(By by) {
    return until(d -> d.findElement(by));
  }

  /** Waits up to {@link #WAIT} until {@code condition} is non-null and not false. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition::apply);
  }

  /** The values the Flask example lists for identity header {@code name} (its #identity table). */
  List<String> identityValues(String name) {
    for (WebElement row : driver.findElements(By.cssSelector("#identity tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      if (cells.size() == 2 && cells.get(0).getText().equals(name)) {
        return cells.get(1).findElements(By.tagName("li")).stream()
            .map(WebElement::getText)
            .toList();
      }
    }
    return List.of();
  }

  /** Fills Keycloak's login form and submits it. */
  void keycloakLogin(String username, String password) {
    await(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("kc-login")).click();
  }

  /** Saves a PNG of the viewport to {@code target/screenshots/<name>.png} and returns its path. */
  Path screenshot(String name) {
    Path file = Processes.target().resolve("screenshots").resolve(name + ".png");
    try {
      Files.createDirectories(file.getParent());
      Files.copy(
          driver.getScreenshotAs(OutputType.FILE).toPath(),
          file,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover profile in the temp directory is harmless.
    }
  }
}
