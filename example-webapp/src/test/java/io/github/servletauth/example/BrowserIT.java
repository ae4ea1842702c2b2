package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example page in cookie mode, and the server-rendered {@code /account} page, in headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}) driven by Selenium, against the WAR deployed in Tomcat 11: signing
 * in through the sign-in page and coming back, staying signed in across reloads, renewing, changing the password
 * and signing out, with every refusal explained, and the session cookies out of every script's reach. One browser
 * and one container serve the whole class; each test starts without cookies. The driver binary is given
 * explicitly, so Selenium Manager never downloads anything. Screenshots go to {@code target/screenshots/}.
 */
class BrowserIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    /** The default cookie names; a secure request would get them with a {@code __Host-} prefix. */
    private static final String ACCESS_COOKIE = "auth_access";
    private static final String REFRESH_COOKIE = "auth_refresh";

    private static ContainerProcess container;
    /** Why the browser cannot run here, or null; reported on each skipped test. */
    private static String unavailable;
    private static ChromeDriver browser;

    @BeforeAll
    static void deploy() throws Exception {
        unavailable = Chromium.unavailable();
        if (unavailable != null) {
            return;
        }
        Path work = Files.createDirectories(WORK.resolve("browser-" + System.nanoTime()));
        container = ContainerProcess.start(Kind.TOMCAT_11, Databases.sqlite(work.resolve("data")), work);
        browser = Chromium.start(Files.createTempDirectory(work, "chromium-profile-"));
    }

    @AfterAll
    static void undeploy() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (container != null) {
                container.close();
            }
        }
    }

    @BeforeEach
    void startWithoutCookies() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @Test
    void signInThroughTheSignInPageThenReloadAccountPageAndRenewKeepTheSession() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "a long enough browser passphrase";
        open("");
        assertThat(browser.getTitle()).isEqualTo("servlet-auth example");
        awaitSession("signed-out");
        assertThat(text("status")).isEqualTo("Not signed in");

        type("reg-username", username);
        type("reg-password", password);
        click("register-btn");
        awaitMessage("Registered " + username);
        assertThat(text("message")).contains("Sign in");
        // registering gives the page no session: the tokens in the JSON answer are not kept
        assertThat(cookie(ACCESS_COOKIE)).isEmpty();

        click("signin-link");
        awaitPath("/auth/signin");
        assertThat(returnTarget()).isEqualTo("/");
        signInOnTheSignInPage(username, password);
        awaitPath("/");
        awaitSession("signed-in");
        assertThat(text("status")).isEqualTo("Signed in as " + username);
        assertThat(text("username")).isEqualTo(username);
        assertThat(text("roles")).isEqualTo("user");
        assertThat(text("expiry")).contains(" min ");
        assertThat(findAll("claims")).as("no token is shown in the page any more").isEmpty();
        assertScriptsCannotReadTheSessionCookies();
        Map<String, Object> access = cookie(ACCESS_COOKIE).orElseThrow();
        assertThat(access).containsEntry("httpOnly", true).containsEntry("path", "/");
        assertThat(cookie(REFRESH_COOKIE).orElseThrow()).containsEntry("httpOnly", true);
        screenshot("signed-in");

        browser.navigate().refresh();
        awaitSession("signed-in");
        assertThat(text("status")).isEqualTo("Signed in as " + username);

        click("whoami-btn");
        awaitText("whoami", "\"username\": \"" + username + "\"");
        assertThat(text("whoami")).contains("\"expires_at\"").doesNotContain("csrf_token");

        click("account-link");
        awaitPath("/account");
        assertThat(text("username")).isEqualTo(username);
        assertThat(text("roles")).isEqualTo("user");
        assertThat(text("auth-type")).isEqualTo("FORM");
        assertThat(text("expiry")).contains(" min ");
        assertThat(browser.findElement(By.cssSelector("#signout input[name=_csrf]")).getAttribute("value"))
                .isNotBlank();
        assertScriptsCannotReadTheSessionCookies();
        screenshot("account");

        String accessBefore = cookieValue(ACCESS_COOKIE);
        String refreshBefore = cookieValue(REFRESH_COOKIE);
        navigateBy(() -> click("renew"));
        awaitPath("/account");
        assertThat(text("username")).isEqualTo(username);
        assertThat(cookieValue(ACCESS_COOKIE)).isNotEqualTo(accessBefore);
        assertThat(cookieValue(REFRESH_COOKIE)).as("the refresh token rotates").isNotEqualTo(refreshBefore);

        click("home");
        awaitPath("/");
        awaitSession("signed-in");
        accessBefore = cookieValue(ACCESS_COOKIE);
        refreshBefore = cookieValue(REFRESH_COOKIE);
        navigateBy(() -> click("refresh-btn"));
        awaitPath("/");
        awaitSession("signed-in");
        assertThat(text("status")).isEqualTo("Signed in as " + username);
        assertThat(cookieValue(ACCESS_COOKIE)).isNotEqualTo(accessBefore);
        assertThat(cookieValue(REFRESH_COOKIE)).isNotEqualTo(refreshBefore);
        assertScriptsCannotReadTheSessionCookies();
    }

    @Test
    void accountPageWhenNotSignedInThenSignInPageLeadsBackToIt() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "the account page passphrase";
        register(username, password);

        open("account");
        awaitPath("/auth/signin");
        assertThat(returnTarget()).isEqualTo("/account");
        screenshot("sign-in-page");
        signInOnTheSignInPage(username, password);
        awaitPath("/account");
        assertThat(text("username")).isEqualTo(username);
        assertThat(text("auth-type")).isEqualTo("FORM");
        assertScriptsCannotReadTheSessionCookies();
    }

    @Test
    void pageAndSignInPageExplainEachRefusal() throws Exception {
        String username = AuthFlow.newUsername();
        open("");
        awaitSession("signed-out");

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
        screenshot("refusals");

        click("signin-link");
        awaitPath("/auth/signin");
        signInOnTheSignInPage(username, "not the right passphrase");
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error")));
        assertThat(error.getText()).isNotBlank().doesNotContain("not the right passphrase");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/auth/signin");
        assertThat(cookie(ACCESS_COOKIE)).isEmpty();
        screenshot("sign-in-refused");
    }

    @Test
    void changePasswordWhenSignedInThenEverySessionEndsAndTheNewPasswordSignsIn() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "the first browser passphrase";
        String changed = "the second browser passphrase";
        register(username, password);
        signInFromThePage(username, password);

        type("pw-current", "not the current passphrase");
        type("pw-new", changed);
        click("password-btn");
        awaitError("Password change refused: the current password is wrong");
        assertThat(text("status")).isEqualTo("Signed in as " + username);

        type("pw-current", password);
        type("pw-new", changed);
        click("password-btn");
        awaitMessage("Password changed");
        awaitSession("signed-out");
        assertThat(text("status")).isEqualTo("Not signed in");
        screenshot("password-changed");

        browser.navigate().refresh();
        awaitSession("signed-out");
        signInFromThePage(username, changed);
    }

    @Test
    void logOutWhenSignedInThenSignedOutAndTheAccountPageAsksToSignInAgain() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "the log out passphrase";
        register(username, password);
        signInFromThePage(username, password);
        Map<String, Object> access = cookie(ACCESS_COOKIE).orElseThrow();

        click("logout-btn");
        awaitPath("/auth/signin");
        assertThat(cookie(ACCESS_COOKIE)).as("the sign-out clears the access cookie").isEmpty();
        assertThat(cookie(REFRESH_COOKIE)).as("the sign-out clears the refresh cookie").isEmpty();

        open("");
        awaitSession("signed-out");
        assertThat(text("status")).isEqualTo("Not signed in");
        screenshot("signed-out");
        open("account");
        awaitPath("/auth/signin");
        assertThat(returnTarget()).isEqualTo("/account");

        // the old cookie, replayed by hand: its session is revoked
        HttpClient client = HttpClient.newHttpClient();
        String replayed = access.get("name") + "=" + access.get("value");
        HttpResponse<String> whoami = client.send(HttpRequest.newBuilder(container.baseUri().resolve("api/whoami"))
                .header("Cookie", replayed).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(401);
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(container.baseUri().resolve("account"))
                .header("Cookie", replayed).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(container.baseUri().resolve(location).getPath()).isEqualTo("/auth/signin"));
    }

    @Test
    void accountPageWhenBearerHeaderThenRenderedWithStrictHeadersAndWithoutSignOutForm() throws Exception {
        String username = AuthFlow.newUsername();
        String password = "the bearer page passphrase";
        register(username, password);
        Api api = new Api(container.baseUri());
        String token = (String) Api.json(api.post("auth/login", Map.of("username", username, "password", password),
                null)).get("token");

        HttpResponse<String> page = api.get("account", token);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; "
                + "style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
        assertThat(page.body()).contains("<strong id=\"username\">" + username + "</strong>")
                .contains("<dd id=\"auth-type\">Bearer</dd>").contains("<dd id=\"roles\">user</dd>")
                .contains("href=\"auth/renew?return=%2Faccount\"").doesNotContain("<script")
                .doesNotContain("id=\"signout\"");

        Map<String, Object> whoami = Api.json(api.get("api/whoami", token));
        assertThat(whoami).containsEntry("username", username).doesNotContainKey("csrf_token");
        assertThat(((Number) whoami.get("expires_at")).longValue())
                .isGreaterThan(System.currentTimeMillis() / 1000);
    }

    /** Registers over the JSON API, as a script would; the browser test then starts without a session. */
    private static void register(String username, String password) throws Exception {
        HttpResponse<String> registered = new Api(container.baseUri())
                .post("auth/register", Map.of("username", username, "password", password), null);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }

    /** From the example page through the sign-in page and back, signed in. */
    private void signInFromThePage(String username, String password) {
        open("");
        awaitSession("signed-out");
        click("signin-link");
        awaitPath("/auth/signin");
        signInOnTheSignInPage(username, password);
        awaitPath("/");
        awaitSession("signed-in");
        assertThat(text("status")).isEqualTo("Signed in as " + username);
    }

    /** Fills the sign-in page's form (fields {@code username}, {@code password}) and submits it by its button. */
    private void signInOnTheSignInPage(String username, String password) {
        WebElement name = browser.findElement(By.name("username"));
        name.clear();
        name.sendKeys(username);
        WebElement secret = browser.findElement(By.name("password"));
        secret.clear();
        secret.sendKeys(password);
        WebElement submit = secret.findElement(By.xpath("ancestor::form//*[(self::button and (not(@type) "
                + "or @type='submit')) or (self::input and @type='submit')]"));
        navigateBy(submit::click);
    }

    private void open(String path) {
        browser.get(container.baseUri().resolve(path).toString());
    }

    /** Runs {@code action} and waits until the page it started on is gone (a navigation to the same URL too). */
    private void navigateBy(Runnable action) {
        WebElement page = browser.findElement(By.tagName("html"));
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> isGone(page));
    }

    /**
     * Whether an element's document has been replaced. Chromium answers a question about an element of the old
     * document either as stale or, when it asks in the middle of the swap, with "Node with given id does not
     * belong to the document": both mean gone ({@code ExpectedConditions.stalenessOf} knows only the first).
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private void awaitPath(String path) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .withMessage(() -> "at " + browser.getCurrentUrl() + ", showing: " + browser.getTitle()
                        + browser.findElements(By.id("signin-error")).stream().map(e -> ": " + e.getText())
                        .findFirst().orElse(""))
                .until(b -> path.equals(URI.create(b.getCurrentUrl()).getPath()));
    }

    /** The example page says what it settled on after asking /api/whoami. */
    private void awaitSession(String state) {
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-session", state));
    }

    /** The {@code return} parameter of the current URL, decoded. */
    private String returnTarget() {
        String query = URI.create(browser.getCurrentUrl()).getRawQuery();
        assertThat(query).as("query of " + browser.getCurrentUrl()).isNotNull();
        for (String pair : query.split("&")) {
            if (pair.startsWith("return=")) {
                return URLDecoder.decode(pair.substring("return=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no return parameter in " + browser.getCurrentUrl());
    }

    /** Neither cookie is visible to a script of the page: both are HttpOnly. */
    private void assertScriptsCannotReadTheSessionCookies() {
        Object visible = ((JavascriptExecutor) browser).executeScript("return document.cookie;");
        assertThat((String) visible).doesNotContain("auth_");
    }

    /**
     * A cookie of the browser, HttpOnly or not, whatever its path, as Chromium's DevTools protocol lists it
     * ({@code name}, {@code value}, {@code path}, {@code httpOnly}, ...).
     */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, Object>> cookie(String name) {
        Map<String, Object> all = browser.executeCdpCommand("Network.getAllCookies", Map.of());
        return ((List<Map<String, Object>>) all.get("cookies")).stream()
                .filter(c -> name.equals(c.get("name")) && !"".equals(c.get("value"))).findFirst();
    }

    private String cookieValue(String name) {
        return (String) cookie(name).orElseThrow(() -> new AssertionError("no cookie " + name)).get("value");
    }

    private List<WebElement> findAll(String id) {
        return browser.findElements(By.id(id));
    }

    private void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
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
        Chromium.screenshot(browser, name);
    }
}
