package chat.presence.local.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium window on the console, driven through chromedriver. Uses the Debian
 * packages' binaries: nothing is downloaded (Selenium Manager is never asked).
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  static final Duration WAIT = Duration.ofSeconds(15);

  private final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test, with the reason, on a machine without Chromium and its driver. */
  static void assumeInstalled() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser test skipped: needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (Debian packages chromium and chromium-driver)");
  }

  static ConsoleBrowser open(URI page) {
    Path profile;
    try {
      profile = Files.createTempDirectory("console-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // Without the background-networking flags Chromium keeps calling home, which this machine's
    // closed network answers with nothing but delays; the throttling flags keep timers on time.
    // Without the back/forward cache, a page left (see leave) closes its sockets: Chromium 156
    // keeps a cached page's WebSocket open, so the server never saw the visitor or agent go.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-features=BackForwardCache",
        "--window-size=1200,860",
        "--user-data-dir=" + profile);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    var browser = new ConsoleBrowser(new ChromeDriver(service, options), profile);
    browser.go(page);
    return browser;
  }

  /** Opens the page and waits for its script, which shows a view once it has read the config. */
  void go(URI page) {
    driver.get(page.toString());
    awaitElement(".view:not([hidden])");
  }

  /**
   * Opens the page in a new tab of the same browser (same profile: tabs share Web Locks and
   * BroadcastChannel) and drives that tab from now on; returns its handle for {@link #switchTo}.
   */
  String openTab(URI page) {
    driver.switchTo().newWindow(WindowType.TAB);
    go(page);
    return driver.getWindowHandle();
  }

  /** The handle of the tab being driven. */
  String currentTab() {
    return driver.getWindowHandle();
  }

  void switchTo(String tab) {
    driver.switchTo().window(tab);
  }

  /** Closes the tab being driven (its page unloads, as when a user closes it), then drives {@code next}. */
  void closeTab(String next) {
    driver.close();
    driver.switchTo().window(next);
  }

  /** Evaluates a script expression in the tab being driven. */
  Object script(String expression) {
    return driver.executeScript("return " + expression);
  }

  void type(String css, String text) {
    WebElement field = driver.findElement(By.cssSelector(css));
    field.clear();
    field.sendKeys(text);
  }

  /** Chooses the option of a {@code select} whose text is {@code option}, as typing it would. */
  void choose(String css, String option) {
    driver.findElement(By.cssSelector(css)).sendKeys(option);
  }

  /** Clicks the element once it exists; the views re-render, so a stale one is looked up again. */
  void click(String css) {
    await()
        .atMost(WAIT)
        .ignoreExceptionsMatching(e -> e instanceof NoSuchElementException || e instanceof StaleElementReferenceException)
        .until(
            () -> {
              driver.findElement(By.cssSelector(css)).click();
              return true;
            });
  }

  /** Fills the sign-in form of a view ("agent", "visitor" or "supervisor"), mints a token and signs in. */
  void signIn(String view, String site, String id) {
    type("#" + view + "-site", site);
    type("#" + view + "-id", id);
    click("#" + view + "-mint");
    await().atMost(WAIT).until(() -> !property("#" + view + "-token", "value").isBlank());
    click("#" + view + "-connect");
    awaitConnectionState(view, "connected");
  }

  /** The token the view signed in with (minted or pasted), to sign in again with the same one. */
  String token(String view) {
    return property("#" + view + "-token", "value");
  }

  /**
   * Signs in with a given token and returns at once: the connection may not open yet (a test can
   * hold the gateway's handshakes), so this does not wait for "connected".
   */
  void submitToken(String view, String token) {
    type("#" + view + "-token", token);
    click("#" + view + "-connect");
  }

  /** Leaves the console for a blank page: the page's sockets close, as when its tab is closed. */
  void leave() {
    driver.get("about:blank");
  }

  void awaitConnectionState(String view, String state) {
    await().atMost(WAIT).until(() -> state.equals(connectionState(view)));
  }

  String connectionState(String view) {
    return property("#" + view + "-connection", "dataset.state");
  }

  /** The element's text now, or "" when there is no such element. */
  String text(String css) {
    return property(css, "innerText");
  }

  /** An attribute of the element now, or "" when there is no such element or attribute. */
  String attribute(String css, String name) {
    Object value =
        driver.executeScript(
            "const e = document.querySelector(arguments[0]); return e?.getAttribute(arguments[1]) ?? '';",
            css,
            name);
    return (String) value;
  }

  /** Waits until an element matches and its text contains {@code expected}; returns the text. */
  String awaitText(String css, String expected) {
    return await().atMost(WAIT).until(() -> text(css), text -> text.contains(expected));
  }

  void awaitElement(String css) {
    await().atMost(WAIT).until(() -> count(css) > 0);
  }

  /** An attribute of every element that matches, in document order ("" where one has none). */
  @SuppressWarnings("unchecked")
  List<String> attributes(String css, String name) {
    return (List<String>)
        driver.executeScript(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]) ?? '');",
            css,
            name);
  }

  long count(String css) {
    return (Long) driver.executeScript("return document.querySelectorAll(arguments[0]).length", css);
  }

  /**
   * Reads a property (a dotted path such as {@code dataset.state}) in the page in one step: the views re-render their lists, and an element
   * found first and read afterwards may be gone in between.
   */
  private String property(String css, String path) {
    Object value =
        driver.executeScript(
            "const e = document.querySelector(arguments[0]);"
                + " return e ? String(arguments[1].split('.').reduce((o, k) => o?.[k], e) ?? '') : '';",
            css,
            path);
    return (String) value;
  }

  /** Saves the page's content (not the empty window below it) as target/console-screenshots/NAME.png. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.findElement(By.tagName("body")).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteProfile();
    }
  }

  private void deleteProfile() {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary profile harms nothing.
    }
  }
}
