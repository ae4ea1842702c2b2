package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by
 * Selenium, against the WAR deployed in Tomcat 11. The driver binary is given explicitly, so Selenium Manager
 * never downloads anything. Screenshots go to {@code target/screenshots/}.
 */
class BrowserIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("example.screenshots", "target/screenshots"));

    private static ContainerProcess container;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void deploy() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "no " + (Files.isExecutable(CHROMIUM) ? CHROMEDRIVER : CHROMIUM) + "; install Chromium "
                    + "with: sudo apt-get install chromium chromium-driver (or set -Dchromium.binary and "
                    + "-Dchromedriver.binary)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but the browser test cannot run: " + why);
            }
            Assumptions.abort("Browser test skipped: " + why);
        }
        Path work = Files.createDirectories(WORK.resolve("browser-" + System.nanoTime()));
        container = ContainerProcess.start(Kind.TOMCAT_11, Databases.sqlite(work.resolve("data")), work);
    }

    @AfterAll
    static void undeploy() {
        if (container != null) {
            container.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory(WORK, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--no-first-run", "--window-size=1100,1300", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void registerLoginWhoamiLogoutThenTheOldTokenIsRefused() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "a long enough browser passphrase";
        browser.get(container.baseUri().toString());
        assertThat(browser.getTitle()).isEqualTo("servlet-auth example");

        type("reg-username", username);
        type("reg-password", password);
        click("register-btn");
        awaitMessage("Registered " + username);

        type("login-username", username);
        type("login-password", password);
        click("login-btn");
        awaitMessage("Logged in");
        assertThat(text("status")).isEqualTo("Signed in as " + username);
        assertThat(text("claims")).contains("\"username\": \"" + username + "\"").contains("\"exp\"");

        click("whoami-btn");
        awaitText("whoami", "\"username\": \"" + username + "\"");
        assertThat(text("whoami")).contains("\"roles\": [\n    \"user\"\n  ]");
        // tokens stay in memory: nothing in Web Storage or cookies for a script to steal
        Object stored = ((JavascriptExecutor) browser).executeScript(
                "return localStorage.length + sessionStorage.length + document.cookie.length;");
        assertThat(((Number) stored).longValue()).isZero();
        screenshot("signed-in");

        click("logout-btn");
        awaitMessage("Logged out");
        click("whoami-btn");
        awaitText("whoami", "refused: 401");
        assertThat(text("message")).contains("/api/whoami refused (401)").contains("revoked by logging out");
        screenshot("refused-after-logout");
    }

    @Test
    void pageExplainsEachRefusal() throws Exception {
        String username = AuthFlow.newUsername();
        browser.get(container.baseUri().toString());

        type("reg-username", username);
        type("reg-password", "password");
        click("register-btn");
        awaitError("Registration refused");
        assertThat(text("message")).contains("password: ");

        type("reg-password", "another long browser passphrase");
        click("register-btn");
        awaitMessage("Registered " + username);
        type("reg-password", "yet another browser passphrase");
        click("register-btn");
        awaitError("that username is already taken");

        type("login-username", username);
        type("login-password", "not the right passphrase");
        click("login-btn");
        awaitError("Login refused (401): Invalid credentials");
        screenshot("refusals");
    }

    private void type(String id, String value) {
        var field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void click(String id) {
        browser.findElement(By.id(id)).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void awaitText(String id, String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), expected));
    }

    private void awaitMessage(String expected) {
        awaitText("message", expected);
        assertThat(browser.findElement(By.id("message")).getAttribute("class")).contains("ok");
    }

    private void awaitError(String expected) {
        awaitText("message", expected);
        assertThat(browser.findElement(By.id("message")).getAttribute("class")).contains("error");
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
