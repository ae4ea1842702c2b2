package io.github.servletauth.core.internal;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The optional jars that hosting accounts needs and verifying tokens does not: auth-core declares them
 * {@code <optional>}, so the webapp that hosts the accounts declares them itself. Checked once at start-up,
 * before anything touches them, so that a missing one is a {@link ConfigurationException} naming every Maven
 * dependency to add, not a {@code NoClassDefFoundError} on the first login.
 *
 * <pre>{@code
 * AccountJars.requirePresent(config);   // throws, naming e.g. org.xerial:sqlite-jdbc
 * }</pre>
 */
public final class AccountJars {

    /** One optional jar: a class that proves it is there, its Maven coordinates, the key it serves. */
    record Jar(String probe, String dependency, String key, String purpose) {
    }

    static final Jar SPRING_SECURITY_CRYPTO = new Jar("org.springframework.security.crypto.password.PasswordEncoder",
            "org.springframework.security:spring-security-crypto", "auth.password.algorithm", "password hashing");
    static final Jar COMMONS_LOGGING = new Jar("org.apache.commons.logging.LogFactory",
            "commons-logging:commons-logging", "auth.password.algorithm", "the logging of spring-security-crypto");
    static final Jar HIKARICP = new Jar("com.zaxxer.hikari.HikariDataSource", "com.zaxxer:HikariCP",
            "auth.db.jndi-name", "the connection pool; not needed when auth.db.jndi-name names the container's");
    static final Jar POSTGRESQL = new Jar("org.postgresql.Driver", "org.postgresql:postgresql", "auth.db.url",
            "the PostgreSQL JDBC driver auth.db.url names");
    static final Jar SQLITE = new Jar("org.sqlite.JDBC", "org.xerial:sqlite-jdbc", "auth.db.url",
            "the SQLite JDBC driver: auth.db.url is jdbc:sqlite: or, unset, the embedded SQLite default");

    private AccountJars() {
    }

    /**
     * @param config the validated configuration of the service about to start
     * @throws ConfigurationException naming the key of the first missing jar, and in its message the Maven
     *                                dependency of every missing one
     */
    public static void requirePresent(AuthConfig config) {
        requirePresent(config, AccountJars.class.getClassLoader());
    }

    static void requirePresent(AuthConfig config, ClassLoader loader) {
        Objects.requireNonNull(config, "config");
        List<Jar> missing = new ArrayList<>();
        for (Jar jar : needed(config)) {
            if (!present(jar.probe(), loader)) {
                missing.add(jar);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder problem = new StringBuilder("the webapp that hosts the accounts needs jars its class path lacks;"
                + " add the Maven dependencies");
        for (Jar jar : missing) {
            problem.append(missing.indexOf(jar) == 0 ? ": " : ", ").append(jar.dependency())
                    .append(" (").append(jar.purpose()).append(')');
        }
        throw new ConfigurationException(missing.get(0).key(), problem.toString());
    }

    /** @return the jars this configuration needs, in the order a reader would add them */
    static List<Jar> needed(AuthConfig config) {
        List<Jar> needed = new ArrayList<>();
        if (config.databaseJndiName().isEmpty()) {
            boolean postgres = config.databaseUrl().map(url -> url.startsWith("jdbc:postgresql:")).orElse(false);
            needed.add(postgres ? POSTGRESQL : SQLITE);
            needed.add(HIKARICP);
        }
        needed.add(SPRING_SECURITY_CRYPTO);
        needed.add(COMMONS_LOGGING);
        return needed;
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
