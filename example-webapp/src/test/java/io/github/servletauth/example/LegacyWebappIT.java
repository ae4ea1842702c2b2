package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real Tomcat 9 (javax.servlet, Servlet 4) hosting several webapps: the {@code -javax} example WAR as the
 * accounts webapp (RS256, its own key file, configured through the environment), and a pre-existing javax
 * webapp (src/it/legacy-webapp) to which only the README's filter snippet and the jars it names were added,
 * deployed twice (the second with its own issuer in a Tomcat context descriptor). The legacy servlets, which only use
 * {@code getUserPrincipal()}, {@code getRemoteUser()} and {@code isUserInRole()}, then see the caller of a
 * token issued by the accounts webapp, verified against its JWKS endpoint; and refuse it once it is logged out in
 * the accounts webapp, within the revocation feed's poll interval.
 */
class LegacyWebappIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    /** The legacy filter fetches the JWK Set in the background; a failed first fetch is retried after 10 s. */
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(40);
    /** The default poll interval of the revocation feed, and two seconds for the requests around it on a busy machine. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(7);

    @Test
    void legacyJavaxWebappWhenReadmeSnippetAndJarsAddedThenItsServletsSeeTheCaller() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("legacy-" + System.nanoTime()));
        Path keyFile = rsaKeyFile(work.resolve("jwt-keys.json"));
        // the accounts webapp configured through the environment, as the README recommends: the environment
        // reaches the legacy webapps too, and must neither add this private key file to the JWKS URL their
        // web.xml names nor replace an issuer their own params name
        Map<String, String> environment = Map.of("AUTH_DATA_DIR", work.resolve("data").toString(),
                "AUTH_JWT_ALGORITHM", "RS256", "AUTH_JWT_KEY_FILE", keyFile.toString(),
                "AUTH_JWT_ISSUER", "https://accounts.example.org");
        try (ContainerProcess tomcat = ContainerProcess.start(Kind.TOMCAT_9, environment, work, (base, port) -> {
            String jwks = "http://127.0.0.1:" + port + "/auth/jwks";
            LegacyWebapp.build(base.resolve("webapps/legacy"), jwks);
            // a second copy whose operator names another issuer for it, outside the WAR
            LegacyWebapp.build(base.resolve("webapps/other"), jwks);
            writeContextDescriptor(base, "other", Map.of("auth.jwt.issuer", "https://other-issuer.example"));
        })) {
            Api accounts = new Api(tomcat.baseUri());
            Api legacy = new Api(tomcat.baseUri().resolve("/legacy/"));
            String username = AuthFlow.newUsername();
            HttpResponse<String> registered = accounts.post("auth/register",
                    Map.of("username", username, "password", "a legacy app's passphrase"), null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            String token = (String) Api.json(registered).get("token");
            assertThat(Api.json(accounts.get("auth/jwks", null)).get("keys")).asList().hasSize(1);
            assertThat(Api.json(accounts.get("api/whoami", token))).containsEntry("username", username);

            HttpResponse<String> report = awaitKeys(legacy, token);
            assertThat(report.statusCode()).as(report.body() + tomcat.log()).isEqualTo(200);
            assertThat(report.body()).contains("report=/monthly\n", "principal=" + username + "\n",
                    "remote_user=" + username + "\n", "auth_type=Bearer\n", "role_user=true\n",
                    "role_admin=false\n");

            HttpResponse<String> anonymous = legacy.get("reports/monthly", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reports\"");
            HttpResponse<String> forged = legacy.get("reports/monthly", token.substring(0, token.length() - 4) + "AAAA");
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
            HttpResponse<String> health = legacy.get("health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            // its own issuer wins over the environment's: the accounts webapp's tokens are not for it
            Api other = new Api(tomcat.baseUri().resolve("/other/"));
            HttpResponse<String> otherIssuer = other.get("reports/monthly", token);
            Instant deadline = Instant.now().plus(KEYS_TIMEOUT);
            while (otherIssuer.body().contains("unknown signing key") && Instant.now().isBefore(deadline)) {
                Thread.sleep(500); // its filter has not fetched the key set yet
                otherIssuer = other.get("reports/monthly", token);
            }
            assertThat(otherIssuer.statusCode()).as(otherIssuer.body() + tomcat.log()).isEqualTo(401);
            assertThat(otherIssuer.body()).contains("wrong issuer");
            assertThat(otherIssuer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));

            // a logout in the accounts webapp reaches the legacy webapp through the revocation feed the snippet
            // names, within auth.revocation.poll-interval (5 s by default)
            HttpResponse<String> logout = accounts.post("auth/logout", Map.of(), token);
            assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
            long loggedOut = System.nanoTime();
            HttpResponse<String> afterLogout = legacy.get("reports/monthly", token);
            while (afterLogout.statusCode() == 200 && System.nanoTime() - loggedOut < REVOCATION_BOUND.toNanos()) {
                Thread.sleep(50);
                afterLogout = legacy.get("reports/monthly", token);
            }
            long millis = (System.nanoTime() - loggedOut) / 1_000_000;
            System.out.printf("LegacyWebappIT: the logout refused by the legacy webapp %d ms after it "
                    + "(auth.revocation.poll-interval PT5S)%n", millis);
            assertThat(afterLogout.statusCode()).as("within " + REVOCATION_BOUND + ": " + afterLogout.body()
                    + tomcat.log()).isEqualTo(401);
            assertThat(Api.json(afterLogout)).containsEntry("error", "Invalid token: token revoked");
            assertThat(afterLogout.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).contains("error=\"invalid_token\""));
            assertThat(tomcat.log()).doesNotContain(token);
        }
    }

    @Test
    void legacyWebappGetsOnlyTheJavaxJarAndWhatVerifyingNeeds() throws Exception {
        List<String> names = LegacyWebapp.jars().stream().map(jar -> jar.getFileName().toString()).toList();
        assertThat(names).containsExactlyInAnyOrder("auth-servlet-" + version() + "-javax.jar",
                "auth-core-" + version() + ".jar", "jose4j-0.9.6.jar", "slf4j-api-2.0.17.jar");
        assertThat(LegacyWebapp.readmeSnippet("legacy-web-xml")).contains("io.github.servletauth.servlet.JwtFilter");
    }

    /** The README's verify-only Maven snippet is what src/it/verifier builds with (and checks the jars of). */
    @Test
    void readmeVerifyOnlyDependencyWhenComparedThenSameAsTheVerifierConsumerBuild() throws Exception {
        String pom = Files.readString(Path.of(System.getProperty("legacy.webapp.src")).resolveSibling("verifier/pom.xml"));
        Matcher block = Pattern.compile("<!-- verify-only dependency: begin -->(.*?)<!-- verify-only dependency: end -->",
                Pattern.DOTALL).matcher(pom);
        assertThat(block.find()).isTrue();
        assertThat(normalized(LegacyWebapp.readmeSnippet("verify-only-maven")))
                .isEqualTo(normalized(block.group(1).replace("@project.version@", version())));
    }

    private static String normalized(String xml) {
        return xml.replaceAll("\\s+", " ").trim();
    }

    /** Polls until the legacy webapp's filter has the accounts webapp's keys (a 401 until then). */
    private static HttpResponse<String> awaitKeys(Api legacy, String token) throws Exception {
        Instant deadline = Instant.now().plus(KEYS_TIMEOUT);
        HttpResponse<String> response = legacy.get("reports/monthly", token);
        while (response.statusCode() == 401 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            response = legacy.get("reports/monthly", token);
        }
        return response;
    }

    private static String version() throws Exception {
        String war = Path.of(System.getProperty("example.war")).getFileName().toString();
        return war.substring("example-webapp-".length(), war.length() - ".war".length());
    }

    /** Tomcat's per-webapp configuration: context-params set by the operator, outside the WAR. */
    private static void writeContextDescriptor(Path base, String webapp, Map<String, String> params) throws Exception {
        Path dir = Files.createDirectories(base.resolve("conf/Catalina/localhost"));
        String parameters = params.entrySet().stream()
                .map(e -> "  <Parameter name=\"" + e.getKey() + "\" value=\"" + e.getValue() + "\"/>")
                .collect(Collectors.joining("\n"));
        Files.writeString(dir.resolve(webapp + ".xml"), "<Context>\n" + parameters + "\n</Context>\n");
    }

    private static Path rsaKeyFile(Path file) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("legacy-it-1");
        Files.writeString(file, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return file;
    }
}
