package io.github.servletauth.example;

import com.sun.net.httpserver.HttpServer;
import io.github.servletauth.example.Chromium.Cookie;
import io.github.servletauth.example.Chromium.Document;
import io.github.servletauth.example.ContainerProcess.Kind;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browser sign-in as a user sees it (issue 12), in real headless Chromium against real containers, one at a time:
 * Tomcat 9 (javax, with the {@code -javax} example WAR), Tomcat 10.1 and Jetty 12 (jakarta). Each hosts the
 * example WAR as the accounts webapp (ROOT, RS256 with its own key file) and a pre-existing server-rendered
 * webapp (src/it/legacy-jsp-webapp: JSP pages and its own web.xml, to which {@link LegacyJspWebapp} adds only
 * the README's {@code browser-web-xml} snippet and four jars) twice, as {@code /legacy} and {@code /legacy2}.
 * Everything is configured through the environment, which reaches every webapp, with a 10 s access-token
 * lifetime and no clock skew so that renewal happens within the test; the JSP webapp's web.xml names only the
 * accounts webapp's JWKS URL and sign-in URL.
 *
 * <p>Per container: a JSON client sees today's Bearer contract, and a browser walks through the six steps of
 * the "What a user sees". One Chromium serves the whole class, its cookies and cache cleared for each
 * container. Screenshots go to target/screenshots/.
 */
class BrowserSignInIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    /** The JSP webapps' filters fetch the JWK Set in the background; a failed first fetch is retried. */
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);
    /** How long a token read by hand must still be valid for the requests that use it. */
    private static final Duration ENOUGH_LIFE = Duration.ofSeconds(6);
    private static final String ACCESS = "auth_access";
    private static final String REFRESH = "auth_refresh";
    private static final String RENEW = "/auth/renew";
    private static final String SIGNIN = "/auth/signin";
    private static final String NOTES = "/legacy/notes.jsp";
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Json JSON = new Json();

    private static String unavailable;
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() throws Exception {
        unavailable = Chromium.unavailable();
        if (unavailable == null) {
            browser = Chromium.start(Files.createTempDirectory(Files.createDirectories(WORK), "chromium-profile-"));
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Nested
    class Tomcat9 extends OneContainer {
        Tomcat9() {
            super(Kind.TOMCAT_9);
        }
    }

    @Nested
    class Tomcat10 extends OneContainer {
        Tomcat10() {
            super(Kind.TOMCAT_10);
        }
    }

    @Nested
    class Jetty12 extends OneContainer {
        Jetty12() {
            super(Kind.JETTY_12);
        }
    }

    /** One container, started once for both tests; the browser test's steps run in order on it. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class OneContainer {

        private final Kind kind;
        private final String name;
        private ContainerProcess container;
        private Api accounts;
        private PageClient pages;
        /** Every document the browser loaded during the story, to check that no token ever was in a URL. */
        private final List<Document> seen = new ArrayList<>();

        OneContainer(Kind kind) {
            this.kind = kind;
            this.name = kind.name().toLowerCase(Locale.ROOT).replace("_", "");
        }

        @BeforeAll
        void deploy() throws Exception {
            Path work = Files.createDirectories(WORK.resolve("browser-signin-" + name + "-" + System.nanoTime()));
            Map<String, String> environment = Map.of("AUTH_DATA_DIR", work.resolve("data").toString(),
                    "AUTH_JWT_ALGORITHM", "RS256", "AUTH_JWT_KEY_FILE", rsaKeyFile(work.resolve("jwt-keys.json")),
                    "AUTH_JWT_ISSUER", "https://accounts.example.org",
                    "AUTH_JWT_ACCESS_TTL", "PT10S", "AUTH_JWT_CLOCK_SKEW", "PT0S",
                    // the JSP webapps poll the accounts webapp's revocation feed this often (their snippet names it)
                    "AUTH_REVOCATION_POLL_INTERVAL", "PT1S");
            container = ContainerProcess.start(kind, environment, work, (base, port) -> {
                String jwks = "http://127.0.0.1:" + port + "/auth/jwks";
                LegacyJspWebapp.build(base.resolve("webapps/legacy"), jwks, kind);
                LegacyJspWebapp.build(base.resolve("webapps/legacy2"), jwks, kind);
            });
            accounts = new Api(container.baseUri());
            pages = new PageClient(container.baseUri());
            String token = register(AuthFlow.newUsername(), "a passphrase to fetch the keys with");
            awaitKeys("/legacy/notes.jsp", token);
            awaitKeys("/legacy2/notes.jsp", token);
        }

        @AfterAll
        void undeploy() {
            if (container != null) {
                container.close();
            }
        }

        /** Step 6 of the issue, and what holds before browser sign-in exists: deployment, JSPs, Bearer. */
        @Test
        void jsonClientWhenBearerOrAskingForJsonThenTodaysContractNeverARedirect() throws Exception {
            HttpResponse<String> index = pages.get("/legacy/", "Accept", HTML);
            assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
            assertThat(index.body()).contains("Notes (legacy)", "not signed in");
            HttpResponse<String> health = pages.get("/legacy/health.jsp");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body().trim()).isEqualTo("ok");

            String username = AuthFlow.newUsername();
            String password = "a JSON client's passphrase";
            register(username, password);
            HttpResponse<String> login = accounts.post("auth/login", Map.of("username", username, "password", password), null);
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String token = (String) Api.json(login).get("token");

            // a Bearer request asking for a page gets the page, as today
            HttpResponse<String> page = pages.get(NOTES, "Authorization", "Bearer " + token, "Accept", HTML);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("<b id=\"user\">" + username + "</b>", "<span id=\"auth-type\">Bearer</span>");
            // Bearer requests need no CSRF proof: the browser never adds the header by itself
            String note = "bearer note " + username;
            HttpResponse<String> posted = pages.postForm(NOTES, Map.of("note", note), "Authorization", "Bearer " + token);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
            assertThat(posted.body()).contains(username + ": " + note);

            // asking for JSON (or anything but a page) without a token: 401 JSON, never a redirect
            for (String accept : List.of("application/json", "*/*")) {
                HttpResponse<String> refused = pages.get(NOTES, "Accept", accept);
                assertThat(refused.statusCode()).as("Accept: " + accept + "\n" + refused.headers()).isEqualTo(401);
                assertThat(refused.headers().firstValue("Location")).isEmpty();
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reports\"");
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                assertThat(Api.json(refused)).containsKey("error");
            }
            HttpResponse<String> forged = pages.get(NOTES, "Authorization", "Bearer " + token.substring(0, token.length() - 4)
                    + "AAAA", "Accept", "application/json");
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
            assertThat(pages.setCookies()).noneMatch(c -> c.startsWith("JSESSIONID"));
        }

        /** Steps 1 to 5 of the issue in Chromium, then step 6's "no HttpSession". */
        @Test
        void browserWhenSignedInOnceThenSignedInEverywhereRenewedSilentlySignedOutAndSafeFromCsrf() throws Exception {
            Assumptions.assumeTrue(unavailable == null, unavailable);
            Chromium.forgetEverything(browser);
            String username = AuthFlow.newUsername();
            String password = "a browser user's passphrase";
            register(username, password);

            signInFromAProtectedPage(username, password);
            stillSignedInAfterReloadInANewTabAndInAnotherWebapp(username);
            renewedSilentlyWhenTheAccessTokenExpires(username);
            signOutRevokesAndClearsTheCookies(username);
            crossSiteAndProofLessPostsChangeNothing(username, password);

            assertThat(Chromium.cookies(browser)).extracting(Cookie::name).doesNotContain("JSESSIONID");
            assertThat(pages.setCookies()).noneMatch(c -> c.startsWith("JSESSIONID"));
            seen.addAll(Chromium.documents(browser));
            assertThat(seen).as("no token in any URL").noneMatch(d -> d.url().toString().contains("eyJ"));
        }

        /** Step 1: a protected page leads to the sign-in page, and signing in back to that page. */
        private void signInFromAProtectedPage(String username, String password) throws Exception {
            open(NOTES);
            awaitPath(SIGNIN);
            assertThat(query(currentUrl(), "return")).as(currentUrl().toString()).hasValue(NOTES);
            Chromium.screenshot(browser, "signin-" + name);

            documents();
            submitSignIn(username, "not " + password);
            awaitPath(SIGNIN);
            WebElement error = await(() -> browser.findElements(By.id("signin-error")).stream()
                    .filter(e -> !e.getText().isBlank()).findFirst().orElse(null), "a refusal in #signin-error");
            // the HTTP contract: 401 for wrong credentials (403 would be the form's own proof refused)
            assertThat(documents()).filteredOn(d -> d.path().equals(SIGNIN)).extracting(Document::status)
                    .as("the refused sign-in, showing: " + error.getText()).containsExactly(401);
            assertThat(cookie(ACCESS)).isEmpty();
            Chromium.screenshot(browser, "signin-refused-" + name);

            submitSignIn(username, password);
            awaitSignedIn(NOTES, username);
            assertThat(browser.findElement(By.id("auth-type")).getText()).isEqualTo("FORM");
            Chromium.screenshot(browser, "signed-in-" + name);

            Cookie access = cookie(ACCESS).orElseThrow();
            assertThat(access.path()).isEqualTo("/");
            assertThat(access.httpOnly()).isTrue();
            assertThat(access.sameSite()).isEqualTo("Lax");
            Cookie refresh = cookie(REFRESH, RENEW).orElseThrow(() -> new AssertionError("no refresh cookie at "
                    + RENEW + ": " + Chromium.cookies(browser)));
            assertThat(refresh.httpOnly()).isTrue();
            assertThat(Chromium.cookies(browser)).filteredOn(c -> c.name().equals(REFRESH))
                    .allSatisfy(c -> assertThat(c.path()).startsWith("/auth/"));
            Object visible = browser.executeScript("return document.cookie;");
            assertThat((String) visible).doesNotContain(ACCESS, REFRESH);
        }

        /** Step 2: reload, a new tab, and another webapp on the host: no second sign-in. */
        private void stillSignedInAfterReloadInANewTabAndInAnotherWebapp(String username) throws Exception {
            documents();
            browser.navigate().refresh();
            awaitSignedIn(NOTES, username);
            String firstTab = browser.getWindowHandle();
            browser.switchTo().newWindow(WindowType.TAB);
            open("/legacy/other.jsp");
            awaitSignedIn("/legacy/other.jsp", username);
            open("/legacy2/notes.jsp");
            awaitSignedIn("/legacy2/notes.jsp", username);
            browser.close();
            browser.switchTo().window(firstTab);
            assertThat(documents()).extracting(Document::path).doesNotContain(SIGNIN);
        }

        /** Step 3: once the access token has expired, a plain navigation renews both cookies unseen. */
        private void renewedSilentlyWhenTheAccessTokenExpires(String username) throws Exception {
            String access = cookie(ACCESS).orElseThrow().value();
            String refresh = cookie(REFRESH, RENEW).orElseThrow().value();
            awaitExpiry(access);
            documents();

            open(NOTES);
            awaitSignedIn(NOTES, username);
            List<Document> documents = documents();
            assertThat(documents).extracting(Document::path).doesNotContain(SIGNIN).contains(RENEW);
            assertThat(documents).filteredOn(d -> d.path().equals(RENEW))
                    .allSatisfy(d -> assertThat(d.status()).isIn(302, 303));
            assertThat(cookie(ACCESS).orElseThrow().value()).isNotEqualTo(access);
            assertThat(expiry(cookie(ACCESS).orElseThrow().value())).isAfter(Instant.now());
            assertThat(cookie(REFRESH, RENEW).orElseThrow().value()).as("the refresh token rotated").isNotEqualTo(refresh);
        }

        /**
         * Step 4: signing out revokes the session; back, a revisit and the old cookies lead to the sign-in page, in
         * the accounts webapp at once and in the filter-only webapp soon after, through the revocation feed.
         */
        private void signOutRevokesAndClearsTheCookies(String username) throws Exception {
            ensureAccessLivesLongEnough(username);
            String access = cookie(ACCESS).orElseThrow().value();
            String refresh = cookie(REFRESH, RENEW).orElseThrow().value();
            browser.findElement(By.cssSelector("#signout button")).click();
            awaitPath(SIGNIN);
            assertThat(Chromium.cookies(browser)).extracting(Cookie::name).doesNotContain(ACCESS, REFRESH);

            browser.navigate().back();
            awaitPath(SIGNIN);
            assertThat(browser.findElements(By.id("user"))).isEmpty();
            open(NOTES);
            awaitPath(SIGNIN);

            // replayed by hand: the accounts webapp sees the revocation at once ...
            HttpResponse<String> whoami = pages.get("/api/whoami", "Cookie", ACCESS + "=" + access,
                    "Accept", "application/json");
            assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(401);
            HttpResponse<String> renew = pages.get(RENEW + "?return=" + NOTES, "Cookie", REFRESH + "=" + refresh,
                    "Accept", HTML);
            assertThat(renew.statusCode()).as(renew.headers().toString()).isIn(302, 303);
            assertThat(location(renew).getPath()).isEqualTo(SIGNIN);
            assertThat(renew.headers().allValues("Set-Cookie")).noneMatch(c -> c.matches(ACCESS + "=[^;\\s]+.*"));
            // ... and the filter-only webapp, which has no database, within the poll interval of the revocation feed
            // its snippet names: the old access token, still unexpired, is refused as revoked
            HttpResponse<String> revoked = awaitRevokedInTheJspWebapp(access);
            assertThat(expiry(access)).as("refused before it expired").isAfter(Instant.now());
            assertThat(Api.json(revoked)).containsEntry("error", "Invalid token: token revoked");
            List<HttpResponse<String>> replayed = pages.follow(NOTES, "Cookie", ACCESS + "=" + access, "Accept", HTML);
            assertThat(replayed.get(0).statusCode()).as(replayed.get(0).headers().toString()).isIn(302, 303);
            assertThat(replayed.get(replayed.size() - 1).uri().getPath()).isEqualTo(SIGNIN);
            assertThat(replayed).noneMatch(r -> r.statusCode() == 200 && r.uri().getPath().equals(NOTES));
            // once it has expired it stays refused, of course
            awaitExpiry(access);
            List<HttpResponse<String>> chain = pages.follow(NOTES, "Cookie", ACCESS + "=" + access, "Accept", HTML);
            assertThat(chain.get(0).statusCode()).as(chain.get(0).headers().toString()).isIn(302, 303);
            assertThat(chain).noneMatch(r -> r.statusCode() == 200 && r.uri().getPath().equals(NOTES));
            HttpResponse<String> last = chain.get(chain.size() - 1);
            assertThat(last.uri().getPath()).isEqualTo(SIGNIN);
            assertThat(last.statusCode()).isEqualTo(200);
            HttpResponse<String> json = pages.get(NOTES, "Cookie", ACCESS + "=" + access, "Accept", "application/json");
            assertThat(json.statusCode()).isEqualTo(401);
            assertThat(Api.json(json)).containsKey("error");
            assertThat(json.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
        }

        /** Step 5: a form on another site, and a POST without the proof, change nothing; with the proof it works. */
        private void crossSiteAndProofLessPostsChangeNothing(String username, String password) throws Exception {
            open(NOTES);
            awaitPath(SIGNIN);
            submitSignIn(username, password);
            awaitSignedIn(NOTES, username);
            ensureAccessLivesLongEnough(username);
            String access = ACCESS + "=" + cookie(ACCESS).orElseThrow().value();
            String proof = browser.findElement(By.cssSelector("#add-note input[name=_csrf]")).getAttribute("value");
            assertThat(proof).isNotBlank();
            String origin = "http://127.0.0.1:" + container.port();

            HttpResponse<String> crossSite = pages.postForm(NOTES, Map.of("note", "cross-site " + username, "_csrf", proof),
                    "Cookie", access, "Origin", "http://localhost:1", "Sec-Fetch-Site", "cross-site");
            assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);
            HttpResponse<String> noProof = pages.postForm(NOTES, Map.of("note", "no proof " + username),
                    "Cookie", access, "Origin", origin, "Sec-Fetch-Site", "same-origin");
            assertThat(noProof.statusCode()).as(noProof.body()).isEqualTo(403);
            HttpResponse<String> wrongProof = pages.postForm(NOTES, Map.of("note", "wrong proof " + username,
                    "_csrf", proof + "x"), "Cookie", access, "Origin", origin, "Sec-Fetch-Site", "same-origin");
            assertThat(wrongProof.statusCode()).as(wrongProof.body()).isEqualTo(403);
            HttpResponse<String> withProof = pages.postForm(NOTES, Map.of("note", "with proof " + username, "_csrf", proof),
                    "Cookie", access, "Origin", origin, "Sec-Fetch-Site", "same-origin");
            assertThat(withProof.statusCode()).as(withProof.body()).isEqualTo(200);
            assertThat(withProof.body()).contains(username + ": with proof " + username);

            String forged = "forged by another site " + username;
            documents();
            HttpServer attacker = attackerSite(NOTES, forged);
            try {
                browser.get("http://localhost:" + attacker.getAddress().getPort() + "/");
                awaitPath(NOTES);
                List<Document> documents = documents();
                assertThat(documents).filteredOn(d -> d.path().equals(NOTES)).extracting(Document::status)
                        .as("what the browser got for the forged POST").containsExactly(403);
            } finally {
                attacker.stop(0);
            }

            open(NOTES);
            awaitSignedIn(NOTES, username);
            browser.findElement(By.id("note")).sendKeys("typed " + username);
            browser.findElement(By.cssSelector("#add-note button")).click();
            await(() -> browser.findElement(By.id("notes")).getText().contains("typed " + username) ? true : null,
                    "the typed note in the list");
            String notes = browser.findElement(By.id("notes")).getText();
            assertThat(notes).contains(username + ": with proof " + username, username + ": typed " + username)
                    .doesNotContain(forged, "cross-site " + username, "no proof " + username, "wrong proof " + username);
        }

        /** A page on {@code localhost} (another site than 127.0.0.1) with a form that posts itself to {@code path}. */
        private HttpServer attackerSite(String path, String note) throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] page = ("<!DOCTYPE html><html><body><form method=\"post\" action=\"" + container.baseUri().resolve(path)
                    + "\"><input name=\"note\" value=\"" + note + "\"></form>"
                    + "<script>document.forms[0].submit();</script></body></html>").getBytes(StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            server.start();
            return server;
        }

        /** Replays {@code access} as a Bearer token to the JSP webapp until it is refused (the feed is polled every second). */
        private HttpResponse<String> awaitRevokedInTheJspWebapp(String access) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            HttpResponse<String> r = pages.get(NOTES, "Authorization", "Bearer " + access, "Accept", "application/json");
            while (r.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                r = pages.get(NOTES, "Authorization", "Bearer " + access, "Accept", "application/json");
            }
            assertThat(r.statusCode()).as("the JSP webapp refusing the signed-out token: " + r.body()).isEqualTo(401);
            return r;
        }

        /** The access token must outlive the requests made by hand with it: if it is about to expire, renew it first. */
        private void ensureAccessLivesLongEnough(String username) throws Exception {
            String access = cookie(ACCESS).orElseThrow().value();
            if (expiry(access).isBefore(Instant.now().plus(ENOUGH_LIFE))) {
                awaitExpiry(access);
                open(NOTES);
                awaitSignedIn(NOTES, username);
            }
        }

        private void submitSignIn(String username, String password) {
            WebElement form = browser.findElement(By.xpath("//form[.//input[@name='password']]"));
            WebElement user = form.findElement(By.name("username"));
            user.clear();
            user.sendKeys(username);
            form.findElement(By.name("password")).sendKeys(password);
            form.findElement(By.cssSelector("button:not([type=button]):not([type=reset]), input[type=submit]")).click();
        }

        private String register(String username, String password) throws Exception {
            HttpResponse<String> registered = accounts.post("auth/register",
                    Map.of("username", username, "password", password), null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            return (String) Api.json(registered).get("token");
        }

        /** Polls until the JSP webapp's filter has the accounts webapp's keys (a 401 until then). */
        private void awaitKeys(String path, String token) throws Exception {
            Instant deadline = Instant.now().plus(KEYS_TIMEOUT);
            HttpResponse<String> response = pages.get(path, "Authorization", "Bearer " + token);
            while (response.statusCode() == 401 && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                response = pages.get(path, "Authorization", "Bearer " + token);
            }
            assertThat(response.statusCode()).as(path + ": " + response.body() + container.log()).isEqualTo(200);
        }

        private void open(String path) {
            browser.get(container.baseUri().resolve(path).toString());
        }

        private URI currentUrl() {
            return URI.create(browser.getCurrentUrl());
        }

        /** Waits until the browser shows a loaded page at {@code path} of the container. */
        private void awaitPath(String path) {
            await(() -> {
                URI url = currentUrl();
                boolean there = url.getPort() == container.port() && url.getPath().equals(path)
                        && "complete".equals(browser.executeScript("return document.readyState;"));
                return there ? true : null;
            }, "a page at " + path);
        }

        private void awaitSignedIn(String path, String username) {
            awaitPath(path);
            await(() -> browser.findElements(By.id("user")).stream()
                    .filter(e -> e.getText().equals(username)).findFirst().orElse(null), "signed in as " + username);
        }

        private <T> T await(Supplier<T> condition, String what) {
            try {
                // a page swapping under the question: its elements go stale (or, asked mid-swap, "do not belong
                // to the document"); ask again on the new page
                return new WebDriverWait(browser, PAGE_TIMEOUT).until(driver -> {
                    try {
                        return condition.get();
                    } catch (StaleElementReferenceException e) {
                        return null;
                    } catch (WebDriverException e) {
                        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
            } catch (TimeoutException e) {
                String page = browser.findElements(By.tagName("body")).stream().map(WebElement::getText)
                        .findFirst().orElse("(no body)");
                throw new AssertionError(kind + ": no " + what + " within " + PAGE_TIMEOUT + "; the browser is at "
                        + browser.getCurrentUrl() + " (\"" + browser.getTitle() + "\"), after " + documents()
                        + ", showing:\n" + page, e);
            }
        }

        /** @return the document responses since the last call, remembered for the URL check at the end */
        private List<Document> documents() {
            List<Document> documents = Chromium.documents(browser);
            seen.addAll(documents);
            return documents;
        }

        private Optional<Cookie> cookie(String cookieName) {
            return cookie(cookieName, "/");
        }

        private Optional<Cookie> cookie(String cookieName, String path) {
            return Chromium.cookies(browser).stream()
                    .filter(c -> c.name().equals(cookieName) && c.path().equals(path) && c.domain().equals("127.0.0.1"))
                    .findFirst();
        }
    }

    private static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location: " + response.headers())));
    }

    private static Optional<String> query(URI url, String parameter) {
        String query = url.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(parameter)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** @return the {@code exp} of a JWT, read from its payload without verifying it */
    private static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("the access cookie holds a JWT").hasSize(3);
        Map<String, Object> claims = JSON.toType(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8), Json.MAP_TYPE);
        return Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
    }

    /** Sleeps until the token has expired by a whole second (tokens count in seconds; no clock skew here). */
    private static void awaitExpiry(String jwt) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), expiry(jwt).plusSeconds(1));
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 100);
        }
    }

    private static String rsaKeyFile(Path file) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("browser-it-1");
        Files.writeString(file, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return file.toString();
    }
}
