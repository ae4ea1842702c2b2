package io.github.servletauth.example;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Headless Chromium from Debian's packages ({@code chromium}, {@code chromium-driver}) driven by Selenium, with
 * the driver binary given explicitly so that Selenium Manager never downloads anything; plus what a test needs
 * to see that a page cannot: every cookie (HttpOnly and path-restricted ones too, through the DevTools
 * protocol) and the status of every document the browser loaded (from ChromeDriver's performance log).
 */
final class Chromium {

    static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("example.screenshots", "target/screenshots"));
    private static final Json JSON = new Json();

    /** A document (page) response: a redirect, or the page the browser rendered. */
    record Document(URI url, int status) {
        String path() {
            return url.getPath();
        }
    }

    /** A cookie as the browser holds it. */
    record Cookie(String name, String value, String domain, String path, boolean httpOnly, String sameSite) {
    }

    private Chromium() {
    }

    /**
     * @return why the browser cannot run here, or null
     * @throws AssertionError when it cannot and {@code CI=true}: CI must run the browser tests, never skip them
     */
    static String unavailable() {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return null;
        }
        String why = "no " + (Files.isExecutable(BINARY) ? DRIVER : BINARY) + "; install Chromium with: sudo "
                + "apt-get install chromium chromium-driver (or set -Dchromium.binary and -Dchromedriver.binary)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but the browser test cannot run: " + why);
        }
        return "Browser test skipped: " + why;
    }

    /** Starts a headless Chromium with a fresh profile in {@code profile}, logging its network events. */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--window-size=1100,1300", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** @return every cookie the browser holds, for every site and path, HttpOnly ones included */
    @SuppressWarnings("unchecked")
    static List<Cookie> cookies(ChromeDriver browser) {
        Map<String, Object> result = browser.executeCdpCommand("Storage.getCookies", Map.of());
        List<Cookie> cookies = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) result.get("cookies")) {
            cookies.add(new Cookie((String) c.get("name"), (String) c.get("value"), (String) c.get("domain"),
                    (String) c.get("path"), Boolean.TRUE.equals(c.get("httpOnly")), (String) c.get("sameSite")));
        }
        return cookies;
    }

    /** Forgets every cookie, and the cache, as a fresh profile would have none. */
    static void forgetEverything(ChromeDriver browser) {
        browser.executeCdpCommand("Storage.clearCookies", Map.of());
        browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        documents(browser);
    }

    /**
     * @return the document responses since the last call, in order: each redirect the browser followed and each
     *     page it rendered (sub-resources are left out)
     */
    @SuppressWarnings("unchecked")
    static List<Document> documents(ChromeDriver browser) {
        List<Document> documents = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> event = JSON.toType(entry.getMessage(), Json.MAP_TYPE);
            Map<String, Object> message = (Map<String, Object>) event.get("message");
            Map<String, Object> params = (Map<String, Object>) message.get("params");
            if (params == null || !"Document".equals(params.get("type"))) {
                continue;
            }
            Object response = switch ((String) message.get("method")) {
                case "Network.requestWillBeSent" -> params.get("redirectResponse");
                case "Network.responseReceived" -> params.get("response");
                default -> null;
            };
            if (response instanceof Map<?, ?> r) {
                documents.add(new Document(URI.create((String) r.get("url")), ((Number) r.get("status")).intValue()));
            }
        }
        return documents;
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
