package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code auth.db.jndi-name} in real Tomcat: a {@code <Resource>} in {@code context.xml} pools PostgreSQL
 * connections with the driver in Tomcat's {@code lib/} (where a container pool needs it), the example WAR
 * only names it, and the whole flow runs with its accounts landing in that database, through the container's
 * pool and never a HikariCP pool of its own.
 */
class ContainerDataSourceIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));
    private static final String JNDI_NAME = "java:comp/env/jdbc/accounts";

    @Test
    void wholeFlowWhenJndiNameNamesTomcatResourceThenAccountsLandInItsDatabase() throws Exception {
        String schema = Databases.freshSchema("example_jndi");
        Map<String, String> postgres = Databases.postgres(schema);
        Map<String, String> env = Map.of("AUTH_DB_JNDI_NAME", JNDI_NAME,
                "AUTH_JWT_SECRET", postgres.get("AUTH_JWT_SECRET"));
        Path work = Files.createDirectories(WORK.resolve("jndi-" + System.nanoTime()));
        try {
            AuthFlow.Outcome outcome;
            String log;
            // the resource's connections named after this test, to find the one that listens for revocations
            String url = postgres.get("AUTH_DB_URL") + "&ApplicationName=" + schema;
            try (ContainerProcess tomcat = ContainerProcess.start(Kind.TOMCAT_11, env, work,
                    (base, port) -> addPostgresResource(base, url))) {
                outcome = AuthFlow.run(tomcat.baseUri());
                assertThat(connectionsNamed(schema + " (revocations)")).as("the listening connection").isEqualTo(1);
                log = tomcat.log();
            }
            try (Connection c = DriverManager.getConnection(Databases.PG_URL);
                 PreparedStatement s = c.prepareStatement(
                         "SELECT user_id FROM " + schema + ".auth_accounts WHERE username = ?")) {
                s.setString(1, outcome.username());
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("account in the <Resource>'s schema").isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(outcome.userId());
                }
            }
            // HikariCP logs its start at INFO ("servlet-auth-postgresql - Starting..."); its own pool never started
            // one of the resource's connections listens for other instances' revocations: unwrapped through
            // Tomcat's pool to the driver in Tomcat's lib/, whose classes are not the WAR's copy of the driver
            assertThat(log).doesNotContain("Not listening for revocations")
                    .doesNotContain("Listening for revocations failed");
            assertThat(log).contains("Applied account schema").doesNotContain("com.zaxxer.hikari")
                    .doesNotContain("servlet-auth-postgresql").doesNotContain(postgres.get("AUTH_JWT_SECRET"))
                    .doesNotContain(outcome.password());
        } finally {
            Databases.dropSchema(schema);
        }
    }

    /**
     * What an operator does: the driver into Tomcat's lib/, the README's {@code <Resource>} into its
     * context.xml, with only the URL and the credentials of the test database put in.
     */
    private static void addPostgresResource(Path base, String url) throws Exception {
        Path lib = Files.createDirectories(base.resolve("lib"));
        List<Path> drivers;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("container.lib")))) {
            drivers = files.filter(f -> f.getFileName().toString().startsWith("postgresql-")).toList();
        }
        assertThat(drivers).hasSize(1);
        Files.copy(drivers.get(0), lib.resolve(drivers.get(0).getFileName()), StandardCopyOption.REPLACE_EXISTING);
        String readme = Files.readString(Path.of(System.getProperty("example.repo")).resolve("README.md"));
        Matcher snippet = Pattern.compile("<!-- snippet:tomcat-resource[^>]*-->\\s*```xml\\n(.*?)```\\s*<!-- /snippet -->",
                Pattern.DOTALL).matcher(readme);
        assertThat(snippet.find()).as("README tomcat-resource snippet").isTrue();
        String resource = snippet.group(1)
                .replace("url=\"jdbc:postgresql://db.internal:5432/app\"", "url=\"" + xmlAttribute(url) + "\"")
                .replace("username=\"app\" password=\"...\"", "");
        assertThat(resource).contains(xmlAttribute(url)).doesNotContain("password=");
        Path contextXml = base.resolve("conf/context.xml");
        String context = Files.readString(contextXml);
        int end = context.lastIndexOf("</Context>");
        Files.writeString(contextXml, context.substring(0, end) + resource + context.substring(end));
    }

    private static int connectionsNamed(String applicationName) throws Exception {
        try (Connection c = DriverManager.getConnection(Databases.PG_URL); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The test URL carries the user (trust authentication) and the schema as query parameters. */
    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;");
    }
}
