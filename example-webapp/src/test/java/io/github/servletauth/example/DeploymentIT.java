package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built WAR dropped into real Tomcat 10.1, Tomcat 11 and Jetty 12 (ee10) distributions, and the
 * {@code -javax} WAR into Tomcat 9 (Servlet 4), configured only
 * through environment variables, on the embedded SQLite default and on PostgreSQL.
 */
class DeploymentIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wholeFlowOnEmbeddedSqliteWhenOnlyDataDirIsSet(Kind kind) throws Exception {
        Path work = Files.createDirectories(WORK.resolve("sqlite-" + kind + "-" + System.nanoTime()));
        Path data = work.resolve("data");
        AuthFlow.Outcome outcome;
        String log;
        try (ContainerProcess container = ContainerProcess.start(kind, Databases.sqlite(data), work)) {
            outcome = AuthFlow.run(container.baseUri());
            log = container.log();
        }
        assertThat(data.resolve("accounts.db")).isRegularFile();
        String secret = Files.readString(data.resolve("jwt-secret")).trim();
        // the SLF4J binding in the WAR routes the library's warning to the container's log ...
        assertThat(log).contains("Generated a new HS256 signing secret");
        // ... which never holds the secret, a password or a token
        assertThat(log).doesNotContain(secret).doesNotContain(outcome.password());
        outcome.tokens().forEach(token -> assertThat(log).doesNotContain(token));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void wholeFlowOnPostgresqlWhenDbUrlAndSecretAreSet(Kind kind) throws Exception {
        String schema = Databases.freshSchema("example_" + kind);
        Map<String, String> env = Databases.postgres(schema);
        Path work = Files.createDirectories(WORK.resolve("pg-" + kind + "-" + System.nanoTime()));
        try (ContainerProcess container = ContainerProcess.start(kind, env, work)) {
            AuthFlow.Outcome outcome = AuthFlow.run(container.baseUri());
            assertThat(container.log()).doesNotContain(env.get("AUTH_JWT_SECRET")).doesNotContain(outcome.password())
                    .doesNotContain("Generated a new HS256 signing secret");
        } finally {
            Databases.dropSchema(schema);
        }
    }

    @Test
    void accountsAndTokensSurviveRestartOnEmbeddedSqlite() throws Exception {
        Path work = Files.createDirectories(WORK.resolve("restart-" + System.nanoTime()));
        Map<String, String> env = Databases.sqlite(work.resolve("data"));
        String username = AuthFlow.newUsername();
        String password = "a passphrase to survive restarts";
        String token;
        try (ContainerProcess first = ContainerProcess.start(Kind.TOMCAT_11, env, work.resolve("first"))) {
            Api api = new Api(first.baseUri());
            assertThat(api.post("auth/register", Map.of("username", username, "password", password), null)
                    .statusCode()).isEqualTo(201);
            token = (String) Api.json(api.post("auth/login", Map.of("username", username, "password", password),
                    null)).get("token");
        }
        try (ContainerProcess second = ContainerProcess.start(Kind.JETTY_12, env, work.resolve("second"))) {
            Api api = new Api(second.baseUri());
            // same generated secret: a token issued before the restart still verifies
            assertThat(Api.json(api.get("api/whoami", token))).containsEntry("username", username);
            assertThat(api.post("auth/login", Map.of("username", username, "password", password), null)
                    .statusCode()).isEqualTo(200);
            assertThat(second.log()).doesNotContain("Generated a new HS256 signing secret");
        }
    }
}
