package io.github.servletauth.core.internal;

import io.github.servletauth.core.JndiBindings;
import io.github.servletauth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional jars of the accounts side, checked on a real class path without them: auth-core's classes are
 * loaded again by a class loader that sees this module's test class path minus the named artifacts, as a
 * webapp's {@code WEB-INF/lib} would be, and {@code AuthService.create} runs there.
 */
class AccountJarsTest {
    private static final String SQLITE = "/org/xerial/sqlite-jdbc/";
    private static final String POSTGRESQL = "/org/postgresql/postgresql/";
    private static final String HIKARICP = "/com/zaxxer/HikariCP/";
    private static final String SPRING_CRYPTO = "/org/springframework/security/spring-security-crypto/";
    private static final String COMMONS_LOGGING = "/commons-logging/commons-logging/";
    private static final String SECRET = "a secret that is long enough for HS256, 48+ bytes";

    @RegisterExtension
    final PostgresTestDatabase pg = new PostgresTestDatabase();
    @RegisterExtension
    final JndiBindings jndi = new JndiBindings();
    @TempDir
    Path dir;

    @Test
    void createWhenFilterOnlyClassPathThenConfigurationExceptionNamesEveryDependencyToAdd() throws Exception {
        Throwable failure = create(Map.of("auth.data-dir", dir.toString()),
                SQLITE, POSTGRESQL, HIKARICP, SPRING_CRYPTO, COMMONS_LOGGING);

        assertThat(failure.getClass().getName()).isEqualTo("io.github.servletauth.core.ConfigurationException");
        assertThat(key(failure)).isEqualTo("auth.db.url");
        assertThat(failure.getMessage()).contains("org.xerial:sqlite-jdbc", "com.zaxxer:HikariCP",
                "org.springframework.security:spring-security-crypto", "commons-logging:commons-logging")
                .doesNotContain("org.postgresql:postgresql");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void createWhenPostgresUrlWithoutItsDriverThenConfigurationExceptionNamesOnlyThatDriver() throws Exception {
        Throwable failure = create(Map.of("auth.db.url", pg.jdbcUrl(), "auth.jwt.secret", SECRET), POSTGRESQL);

        assertThat(key(failure)).isEqualTo("auth.db.url");
        assertThat(failure.getMessage()).contains("org.postgresql:postgresql")
                .doesNotContain("sqlite", "HikariCP", "spring-security-crypto", "commons-logging");
    }

    @Test
    void createWhenOnlyPasswordHashingMissingThenConfigurationExceptionNamesItsTwoJars() throws Exception {
        Throwable failure = create(Map.of("auth.data-dir", dir.toString()), SPRING_CRYPTO, COMMONS_LOGGING);

        assertThat(key(failure)).isEqualTo("auth.password.algorithm");
        assertThat(failure.getMessage()).contains("org.springframework.security:spring-security-crypto",
                "commons-logging:commons-logging").doesNotContain("sqlite-jdbc", "HikariCP");
    }

    /**
     * As in Tomcat: the container's pool and driver live outside the webapp (here: this test's class loader),
     * the webapp has neither HikariCP nor a JDBC driver, and the service starts and stores accounts.
     */
    @Test
    void createWhenJndiNameThenNeitherHikariNorDriverNeededInTheWebapp() throws Exception {
        PGSimpleDataSource containerDataSource = new PGSimpleDataSource();
        containerDataSource.setURL(pg.jdbcUrl());
        jndi.bind("java:comp/env/jdbc/accounts", containerDataSource);

        Object registered = run(Map.of("auth.db.jndi-name", "java:comp/env/jdbc/accounts", "auth.jwt.secret", SECRET),
                (loader, service) -> service.getClass().getMethod("register", String.class, String.class, String.class)
                        .invoke(service, "alice", "correct horse battery staple", null),
                SQLITE, POSTGRESQL, HIKARICP);

        assertThat(registered.getClass().getName()).isEqualTo("io.github.servletauth.core.IssuedTokens");
        try (var c = pg.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM auth_accounts WHERE username = 'alice'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    /** A PostgreSQL webapp has no sqlite-jdbc: translating its driver's failures must not need it. */
    @Test
    void sqlErrorsWhenSqliteJdbcAbsentThenPostgresFailuresStillTranslated() throws Exception {
        try (URLClassLoader webapp = webapp(SQLITE)) {
            Class<?> sqlErrors = webapp.loadClass("io.github.servletauth.core.internal.store.SqlErrors");
            Method isUnavailable = sqlErrors.getDeclaredMethod("isUnavailable", SQLException.class);
            Method isUniqueViolation = sqlErrors.getDeclaredMethod("isUniqueViolation", SQLException.class);
            isUnavailable.setAccessible(true);
            isUniqueViolation.setAccessible(true);

            assertThat(isUnavailable.invoke(null, new SQLException("too many connections", "53300"))).isEqualTo(true);
            assertThat(isUnavailable.invoke(null, new SQLException("syntax", "42601"))).isEqualTo(false);
            assertThat(isUniqueViolation.invoke(null, new SQLException("duplicate", "23505"))).isEqualTo(true);
            assertThat(isUniqueViolation.invoke(null, new SQLException("other", "23503"))).isEqualTo(false);
        }
    }

    @FunctionalInterface
    private interface Call {
        Object on(ClassLoader loader, Object service) throws Exception;
    }

    /** @return what {@code AuthService.create} threw on a class path without the given artifacts */
    private static Throwable create(Map<String, String> config, String... without) throws Exception {
        try {
            run(config, (loader, service) -> null, without);
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
        throw new AssertionError("AuthService.create started without " + List.of(without));
    }

    /** @return a class loader over this test's class path without the given artifacts, and nothing above it */
    private static URLClassLoader webapp(String... without) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (List.of(without).stream().noneMatch(entry.replace(File.separatorChar, '/')::contains)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        URLClassLoader webapp = new URLClassLoader("webapp", urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        for (String hidden : without) {
            assertThat(webapp.getResource(hidden.equals(SQLITE) ? "org/sqlite/JDBC.class"
                    : hidden.equals(POSTGRESQL) ? "org/postgresql/Driver.class"
                    : hidden.equals(HIKARICP) ? "com/zaxxer/hikari/HikariDataSource.class"
                    : hidden.equals(SPRING_CRYPTO) ? "org/springframework/security/crypto/password/PasswordEncoder.class"
                    : "org/apache/commons/logging/LogFactory.class")).as(hidden + " hidden").isNull();
        }
        return webapp;
    }

    private static Object run(Map<String, String> config, Call call, String... without) throws Exception {
        try (URLClassLoader webapp = webapp(without)) {
            Class<?> configClass = webapp.loadClass("io.github.servletauth.core.AuthConfig");
            Object builder = configClass.getMethod("builder").invoke(null);
            for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
                builder.getClass().getMethod("set", String.class, String.class).invoke(builder, e.getKey(), e.getValue());
            }
            Object built = builder.getClass().getMethod("build").invoke(builder);
            Class<?> serviceClass = webapp.loadClass("io.github.servletauth.core.AuthService");
            try (AutoCloseable service = (AutoCloseable) serviceClass.getMethod("create", configClass)
                    .invoke(null, built)) {
                return call.on(webapp, service);
            }
        }
    }

    private static String key(Throwable configurationException) throws ReflectiveOperationException {
        return (String) configurationException.getClass().getMethod("key").invoke(configurationException);
    }
}
