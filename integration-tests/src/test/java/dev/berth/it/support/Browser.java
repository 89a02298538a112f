package dev.berth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the UI's tests: Debian's Chromium, headless, driven by its own chromedriver
 * (both installed by scripts/install-chromium.sh, never downloaded by Selenium), with a profile of
 * its own that goes when it closes.
 */
public final class Browser implements AutoCloseable {
    /** A laptop's window. */
    public static final Dimension LAPTOP = new Dimension(1280, 900);
    /** A phone's, in CSS pixels. */
    public static final Dimension PHONE = new Dimension(390, 844);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() throws IOException {
        Path chromium = installed("chromium");
        Path chromedriver = installed("chromedriver");
        Path profile = Files.createTempDirectory("berth-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                        "--force-device-scale-factor=1", "--lang=en-US", "--user-data-dir=" + profile,
                        "--window-size=" + LAPTOP.width + "," + LAPTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .withLogOutput(System.err).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, profile);
    }

    private static Path installed(String command) {
        Tools.Result result = Tools.run(List.of(Tools.REPOSITORY.resolve("scripts/install-chromium.sh").toString(), command),
                Tools.REPOSITORY, Duration.ofMinutes(15));
        return Path.of(result.stdout().strip());
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(URI page) {
        driver.get(page.toString());
    }

    public WebElement find(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Clicks the link with exactly this text and waits for the page it leads to. */
    public void follow(String linkText) {
        WebElement link = find(By.linkText(linkText));
        String before = driver.getCurrentUrl();
        link.click();
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(browser -> !before.equals(browser.getCurrentUrl()));
    }

    public String path() {
        return URI.create(driver.getCurrentUrl()).getRawPath();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Lets pages of this origin read what they copied, as a person's browser lets them paste it. */
    public void allowClipboard(URI origin) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin.toString(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** What the clipboard holds now. */
    public String clipboard() {
        Object text = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('ERROR ' + e));");
        return String.valueOf(text);
    }

    /** The element that has the keyboard's focus. */
    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /**
     * Saves the page as a PNG as it shows at this screen size (a phone's as a mobile device), as tall
     * as the page up to a limit.
     */
    public void screenshot(Path file, Dimension screen) {
        boolean mobile = screen.width < 600;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width, "height", screen.height,
                "deviceScaleFactor", 1, "mobile", mobile));
        try {
            long height = ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight")).longValue();
            int tall = (int) Math.min(Math.max(height, screen.height), 2400);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", screen.width, "height", tall, "scale", 1)));
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /** How wide the page is laid out at this screen size, to tell whether it fits without scrolling sideways. */
    public long layoutWidth(Dimension screen) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", screen.width, "height", screen.height,
                "deviceScaleFactor", 1, "mobile", screen.width < 600));
        try {
            return ((Number) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth")).longValue();
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder; the system cleans it up eventually
            }
        }
    }
}
