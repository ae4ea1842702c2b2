package io.github.servletauth.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The library's configuration: one immutable object, validated once when built. Every key can come from
 * (highest precedence first) a JVM system property, an environment variable, or a source the caller passes
 * in (a {@code Properties} file, servlet init-params). The environment form of a key is upper case with
 * {@code .} and {@code -} turned into {@code _}: {@code auth.jwt.secret} is {@code AUTH_JWT_SECRET}.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code auth.jwt.algorithm}</td><td>HS256</td><td>HS256, RS256, ES256 or EdDSA</td></tr>
 * <tr><td>{@code auth.jwt.secret}</td><td>generated (SQLite only)</td><td>HS256 secret, at least 32 bytes;
 *     {@code base64:} prefix for binary secrets</td></tr>
 * <tr><td>{@code auth.jwt.previous-secrets}</td><td></td><td>comma-separated older HS256 secrets that still
 *     verify (rotation)</td></tr>
 * <tr><td>{@code auth.jwt.key-file}</td><td></td><td>RS256/ES256/EdDSA keys: a JWK Set JSON file or a PEM
 *     file with a PKCS#8 private key and its public key</td></tr>
 * <tr><td>{@code auth.jwt.jwks-url}</td><td></td><td>verifying webapps only: where to fetch the issuer's
 *     public keys (RS256/ES256/EdDSA)</td></tr>
 * <tr><td>{@code auth.jwt.jwks-refresh}</td><td>PT5M</td><td>how often the JWK Set is refetched</td></tr>
 * <tr><td>{@code auth.jwt.key-id}</td><td>first private key</td><td>which key of the key file signs</td></tr>
 * <tr><td>{@code auth.jwt.issuer}</td><td>servlet-auth</td><td>{@code iss} issued and required</td></tr>
 * <tr><td>{@code auth.jwt.audience}</td><td>servlet-auth</td><td>{@code aud} issued and required</td></tr>
 * <tr><td>{@code auth.jwt.access-ttl}</td><td>PT15M</td><td>access token lifetime (ISO-8601)</td></tr>
 * <tr><td>{@code auth.jwt.refresh-ttl}</td><td>P14D</td><td>refresh token lifetime</td></tr>
 * <tr><td>{@code auth.jwt.clock-skew}</td><td>PT30S</td><td>tolerated clock difference, at most PT5M</td></tr>
 * <tr><td>{@code auth.jwt.cache-size}</td><td>10000</td><td>how many verified access tokens are remembered, so
 *     a repeated token skips signature checks (its expiry is still checked; revocation always is), and how many
 *     accounts the validate endpoint remembers as active; 0 turns both caches off</td></tr>
 * <tr><td>{@code auth.db.url}</td><td>SQLite file in the data dir</td><td>JDBC URL
 *     ({@code jdbc:postgresql:...} or {@code jdbc:sqlite:...})</td></tr>
 * <tr><td>{@code auth.db.jndi-name}</td><td></td><td>a {@code DataSource} the container pools, e.g.
 *     {@code java:comp/env/jdbc/accounts}, used instead of {@code auth.db.url} and HikariCP; PostgreSQL or
 *     SQLite, told from the connection</td></tr>
 * <tr><td>{@code auth.db.username}, {@code auth.db.password}</td><td></td><td>database credentials</td></tr>
 * <tr><td>{@code auth.db.pool-size}</td><td>10</td><td>maximum pool connections</td></tr>
 * <tr><td>{@code auth.db.connect-timeout}</td><td>PT3S</td><td>how long a call waits for a connection before
 *     failing with {@link StoreUnavailableException}</td></tr>
 * <tr><td>{@code auth.db.migrate}</td><td>true</td><td>create/upgrade the schema at start-up; with false the
 *     schema version is only checked</td></tr>
 * <tr><td>{@code auth.data-dir}</td><td>{@code ~/.servlet-auth}</td><td>where the SQLite file and the generated
 *     secret live</td></tr>
 * <tr><td>{@code auth.password.algorithm}</td><td>pbkdf2</td><td>pbkdf2, bcrypt or argon2 (needs BouncyCastle)</td></tr>
 * <tr><td>{@code auth.password.hash-threads}</td><td>available processors</td><td>how many password hashes
 *     may run at once</td></tr>
 * <tr><td>{@code auth.password.hash-queue-timeout}</td><td>PT2S</td><td>how long a call waits for a free
 *     hashing slot before failing fast with {@link ServiceBusyException} (HTTP 503)</td></tr>
 * <tr><td>{@code auth.register.address-limit}</td><td>20</td><td>registrations from one client address
 *     (an IPv6 /64) before each further one waits a doubling delay; 0 turns this throttle off</td></tr>
 * <tr><td>{@code auth.register.address-max-delay}</td><td>PT15M</td><td>the cap of that delay</td></tr>
 * <tr><td>{@code auth.default-roles}</td><td>user</td><td>comma-separated roles of new accounts</td></tr>
 * <tr><td>{@code auth.revocation.poll-interval}</td><td>PT5S</td><td>how often revocations made by other
 *     instances are picked up: the bound on their staleness</td></tr>
 * </table>
 *
 * <pre>{@code
 * AuthConfig config = AuthConfig.builder()
 *         .set("auth.db.url", "jdbc:postgresql://db/app")
 *         .set("auth.jwt.secret", System.getenv("APP_JWT_SECRET"))
 *         .build();
 * // or: every key from system properties, then the environment, then the given map
 * AuthConfig fromEnv = AuthConfig.fromSources(Map.of("auth.data-dir", "/var/lib/myapp"));
 * }</pre>
 */
public final class AuthConfig {

    /** Every key the library reads. */
    public static final Set<String> KEYS = Set.of(
            "auth.jwt.algorithm", "auth.jwt.secret", "auth.jwt.previous-secrets", "auth.jwt.key-file",
            "auth.jwt.key-id", "auth.jwt.issuer", "auth.jwt.audience", "auth.jwt.access-ttl",
            "auth.jwt.refresh-ttl", "auth.jwt.clock-skew", "auth.db.url", "auth.db.username", "auth.db.password",
            "auth.db.pool-size", "auth.db.connect-timeout", "auth.db.migrate", "auth.data-dir",
            "auth.password.algorithm", "auth.revocation.poll-interval", "auth.default-roles", "auth.jwt.jwks-url",
            "auth.jwt.jwks-refresh", "auth.jwt.cache-size", "auth.password.hash-threads",
            "auth.password.hash-queue-timeout", "auth.register.address-limit", "auth.register.address-max-delay",
            "auth.db.jndi-name");

    /** Default of {@code auth.jwt.cache-size}. */
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 10_000;
    private static final int MAX_TOKEN_CACHE_SIZE = 10_000_000;

    private static final Set<String> SECRET_KEYS = Set.of("auth.jwt.secret", "auth.jwt.previous-secrets",
            "auth.db.password");
    private static final int MIN_SECRET_BYTES = 32;
    private static final double MIN_SECRET_BITS = 128;

    private final Map<String, String> values;
    private final JwtAlgorithm jwtAlgorithm;
    private final byte[] jwtSecret;
    private final List<byte[]> previousSecrets;
    private final Path keyFile;
    private final java.net.URI jwksUrl;
    private final Duration jwksRefresh;
    private final String issuer;
    private final String audience;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Duration clockSkew;
    private final String dbUrl;
    private final String jndiName;
    private final int poolSize;
    private final Duration connectTimeout;
    private final boolean migrate;
    private final Path dataDir;
    private final String passwordAlgorithm;
    private final Duration revocationPollInterval;
    private final List<PasswordRule> passwordRules;
    private final int tokenCacheSize;
    private final int hashThreads;
    private final Duration hashQueueTimeout;
    private final Set<String> defaultRoles;
    private final int registrationsPerAddress;
    private final Duration registrationMaxDelay;
    private final Clock clock;

    private AuthConfig(Builder b) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(b.values));
        this.clock = b.clock;
        this.passwordRules = List.copyOf(b.passwordRules);
        this.jwtAlgorithm = parse("auth.jwt.algorithm", "HS256", JwtAlgorithm::fromName);
        this.issuer = nonBlank("auth.jwt.issuer", "servlet-auth");
        this.audience = nonBlank("auth.jwt.audience", "servlet-auth");
        this.accessTtl = duration("auth.jwt.access-ttl", "PT15M", Duration.ofSeconds(10), Duration.ofDays(1));
        this.refreshTtl = duration("auth.jwt.refresh-ttl", "P14D", Duration.ofMinutes(1), Duration.ofDays(400));
        this.clockSkew = duration("auth.jwt.clock-skew", "PT30S", Duration.ZERO, Duration.ofMinutes(5));
        this.dbUrl = values.get("auth.db.url");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:") && !dbUrl.startsWith("jdbc:sqlite:")) {
            throw new ConfigurationException("auth.db.url", "must start with jdbc:postgresql: or jdbc:sqlite:");
        }
        this.jndiName = containerDataSource();
        this.poolSize = parse("auth.db.pool-size", "10", Integer::parseInt);
        if (poolSize < 1 || poolSize > 1000) {
            throw new ConfigurationException("auth.db.pool-size", "must be between 1 and 1000");
        }
        this.connectTimeout = duration("auth.db.connect-timeout", "PT3S", Duration.ofMillis(250), Duration.ofMinutes(1));
        this.migrate = parse("auth.db.migrate", "true", AuthConfig::parseBoolean);
        this.dataDir = parse("auth.data-dir", Paths.get(System.getProperty("user.home"), ".servlet-auth").toString(),
                s -> Paths.get(s).toAbsolutePath().normalize());
        this.passwordAlgorithm = parse("auth.password.algorithm", "pbkdf2", s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (!Set.of("pbkdf2", "bcrypt", "argon2").contains(v)) {
                throw new IllegalArgumentException("must be pbkdf2, bcrypt or argon2");
            }
            return v;
        });
        this.tokenCacheSize = parse("auth.jwt.cache-size", String.valueOf(DEFAULT_TOKEN_CACHE_SIZE),
                s -> Integer.parseInt(s.trim()));
        if (tokenCacheSize < 0 || tokenCacheSize > MAX_TOKEN_CACHE_SIZE) {
            throw new ConfigurationException("auth.jwt.cache-size", "must be between 0 (off) and "
                    + MAX_TOKEN_CACHE_SIZE);
        }
        this.hashThreads = parse("auth.password.hash-threads",
                String.valueOf(Runtime.getRuntime().availableProcessors()), s -> Integer.parseInt(s.trim()));
        if (hashThreads < 1 || hashThreads > 1024) {
            throw new ConfigurationException("auth.password.hash-threads", "must be between 1 and 1024");
        }
        this.hashQueueTimeout = duration("auth.password.hash-queue-timeout", "PT2S", Duration.ZERO,
                Duration.ofMinutes(1));
        this.registrationsPerAddress = parse("auth.register.address-limit", "20", s -> Integer.parseInt(s.trim()));
        if (registrationsPerAddress < 0 || registrationsPerAddress > 1_000_000) {
            throw new ConfigurationException("auth.register.address-limit", "must be between 0 (off) and 1000000");
        }
        this.registrationMaxDelay = duration("auth.register.address-max-delay", "PT15M", Duration.ofSeconds(1),
                Duration.ofDays(1));
        this.revocationPollInterval = duration("auth.revocation.poll-interval", "PT5S", Duration.ofMillis(100),
                Duration.ofMinutes(5));
        this.defaultRoles = parse("auth.default-roles", "user", s -> {
            Set<String> roles = new java.util.LinkedHashSet<>();
            for (String r : s.split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.trim());
                }
            }
            return AuthService.checkRoles(roles);
        });
        this.keyFile = Optional.ofNullable(values.get("auth.jwt.key-file")).map(Paths::get).orElse(null);
        this.jwksUrl = values.containsKey("auth.jwt.jwks-url") ? parse("auth.jwt.jwks-url", null, s -> {
            java.net.URI u = java.net.URI.create(s.trim());
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("must be an absolute http or https URL");
            }
            return u;
        }) : null;
        this.jwksRefresh = duration("auth.jwt.jwks-refresh", "PT5M", Duration.ofSeconds(10), Duration.ofDays(1));
        this.jwtSecret = Optional.ofNullable(values.get("auth.jwt.secret"))
                .map(s -> secretBytes("auth.jwt.secret", s)).orElse(null);
        List<byte[]> previous = new ArrayList<>();
        String prev = values.get("auth.jwt.previous-secrets");
        if (prev != null) {
            for (String s : prev.split(",")) {
                if (!s.isBlank()) {
                    previous.add(secretBytes("auth.jwt.previous-secrets", s.trim()));
                }
            }
        }
        this.previousSecrets = List.copyOf(previous);
        checkKeys();
    }

    private String containerDataSource() {
        String name = values.get("auth.db.jndi-name");
        if (name == null) {
            return null;
        }
        if (name.isBlank()) {
            throw new ConfigurationException("auth.db.jndi-name", "must not be blank");
        }
        // the container's <Resource> holds these; two sources of truth would silently disagree
        for (String pooled : List.of("auth.db.url", "auth.db.username", "auth.db.password", "auth.db.pool-size",
                "auth.db.connect-timeout")) {
            if (values.containsKey(pooled)) {
                throw new ConfigurationException(pooled, "cannot be combined with auth.db.jndi-name: set it on "
                        + "the container's DataSource");
            }
        }
        return name.trim();
    }

    private void checkKeys() {
        if (jwtAlgorithm == JwtAlgorithm.HS256) {
            if (keyFile != null || jwksUrl != null) {
                throw new ConfigurationException(keyFile != null ? "auth.jwt.key-file" : "auth.jwt.jwks-url",
                        "is for RS256, ES256 and EdDSA; auth.jwt.algorithm is HS256, which uses auth.jwt.secret");
            }
            if (jwtSecret == null && !usesEmbeddedDatabase()) {
                throw new ConfigurationException("auth.jwt.secret", "is required when auth.db.url or auth.db.jndi-name "
                        + "names a shared database (generate one with: openssl rand -base64 48)");
            }
        } else {
            if (keyFile == null && jwksUrl == null) {
                throw new ConfigurationException("auth.jwt.key-file", "is required for auth.jwt.algorithm "
                        + jwtAlgorithm.jwsName() + " (or auth.jwt.jwks-url in a webapp that only verifies tokens)");
            }
            if (keyFile != null && jwksUrl != null) {
                throw new ConfigurationException("auth.jwt.jwks-url", "cannot be combined with auth.jwt.key-file");
            }
            if (jwtSecret != null) {
                throw new ConfigurationException("auth.jwt.secret", "is only used with HS256; auth.jwt.algorithm is "
                        + jwtAlgorithm.jwsName());
            }
        }
    }

    /**
     * Reads every key from JVM system properties, then environment variables, then {@code fallback}
     * (highest precedence first), and validates the result.
     *
     * @param fallback the lowest-precedence source, such as servlet init-params; may be empty
     * @return the validated configuration
     * @throws ConfigurationException naming the first key at fault
     */
    public static AuthConfig fromSources(Map<String, String> fallback) {
        return fromSources(propertiesOf(System.getProperties()), System.getenv(), fallback).build();
    }

    /**
     * Like {@link #fromSources(Map)} but returns the builder, so code can add password rules or a clock.
     *
     * @param systemProperties the highest-precedence source
     * @param environment environment variables, in their upper-case form
     * @param fallback the lowest-precedence source
     * @return a builder holding every {@code auth.*} value found
     * @throws ConfigurationException if a source names an {@code auth.} key the library does not know
     */
    public static Builder fromSources(Map<String, String> systemProperties, Map<String, String> environment,
                                      Map<String, String> fallback) {
        rejectUnknownKeys(systemProperties);
        rejectUnknownKeys(fallback);
        Builder b = builder();
        for (String key : KEYS) {
            String v = systemProperties.get(key);
            if (v == null) {
                v = environment.get(environmentName(key));
            }
            if (v == null) {
                v = fallback.get(key);
            }
            if (v != null) {
                b.set(key, v);
            }
        }
        return b;
    }

    /**
     * @param key a configuration key such as {@code auth.jwt.secret}
     * @return its environment variable name, e.g. {@code AUTH_JWT_SECRET}
     */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** @return a builder with no values set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the signing algorithm */
    public JwtAlgorithm jwtAlgorithm() {
        return jwtAlgorithm;
    }

    /** @return a copy of the configured HS256 secret, if one was given */
    public Optional<byte[]> jwtSecret() {
        return Optional.ofNullable(jwtSecret).map(byte[]::clone);
    }

    /** @return copies of older HS256 secrets that still verify, newest first as configured */
    public List<byte[]> previousSecrets() {
        List<byte[]> copies = new ArrayList<>();
        previousSecrets.forEach(s -> copies.add(s.clone()));
        return copies;
    }

    /** @return the key file for RS256/ES256/EdDSA, if configured */
    public Optional<Path> keyFile() {
        return Optional.ofNullable(keyFile);
    }

    /** @return where a verifying webapp fetches the issuer's public keys, if configured */
    public Optional<java.net.URI> jwksUrl() {
        return Optional.ofNullable(jwksUrl);
    }

    /** @return how often the JWK Set at {@link #jwksUrl()} is refetched */
    public Duration jwksRefreshInterval() {
        return jwksRefresh;
    }

    /** @return the {@code kid} of the signing key in the key file, if configured */
    public Optional<String> keyId() {
        return Optional.ofNullable(values.get("auth.jwt.key-id"));
    }

    /** @return the {@code iss} claim issued and required */
    public String issuer() {
        return issuer;
    }

    /** @return the {@code aud} claim issued and required */
    public String audience() {
        return audience;
    }

    /** @return the access-token lifetime */
    public Duration accessTokenTtl() {
        return accessTtl;
    }

    /** @return the refresh-token lifetime */
    public Duration refreshTokenTtl() {
        return refreshTtl;
    }

    /** @return the tolerated clock difference when checking {@code exp}, {@code nbf} and {@code iat} */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** @return the JDBC URL, or empty for the embedded SQLite default */
    public Optional<String> databaseUrl() {
        return Optional.ofNullable(dbUrl);
    }

    /** @return the JNDI name of a container-managed {@code DataSource}, if the accounts live there */
    public Optional<String> databaseJndiName() {
        return Optional.ofNullable(jndiName);
    }

    /**
     * @return whether the accounts live in SQLite (the default, or a {@code jdbc:sqlite:} URL); a container's
     *         {@code DataSource} counts as shared, whatever its database
     */
    public boolean usesEmbeddedDatabase() {
        return jndiName == null && (dbUrl == null || dbUrl.startsWith("jdbc:sqlite:"));
    }

    /** @return the database user, if configured */
    public Optional<String> databaseUsername() {
        return Optional.ofNullable(values.get("auth.db.username"));
    }

    /** @return the database password, if configured */
    public Optional<String> databasePassword() {
        return Optional.ofNullable(values.get("auth.db.password"));
    }

    /** @return the maximum number of pooled connections */
    public int poolSize() {
        return poolSize;
    }

    /** @return how long a call waits for a database connection before failing */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return whether the schema is created and upgraded at start-up */
    public boolean migrateSchema() {
        return migrate;
    }

    /** @return the directory of the embedded database file and the generated secret */
    public Path dataDirectory() {
        return dataDir;
    }

    /** @return the password hashing algorithm for new hashes: pbkdf2, bcrypt or argon2 */
    public String passwordAlgorithm() {
        return passwordAlgorithm;
    }

    /** @return how many verified access tokens are remembered; 0 if the cache is off */
    public int tokenCacheSize() {
        return tokenCacheSize;
    }

    /** @return how many password hashes may run at once */
    public int passwordHashThreads() {
        return hashThreads;
    }

    /** @return how long a call waits for a hashing slot before {@link ServiceBusyException} */
    public Duration passwordHashQueueTimeout() {
        return hashQueueTimeout;
    }

    /** @return free registrations per client address before each waits a doubling delay; 0 if off */
    public int registrationsPerAddress() {
        return registrationsPerAddress;
    }

    /** @return the cap of the registration delay per client address */
    public Duration registrationMaxDelay() {
        return registrationMaxDelay;
    }

    /** @return how often revocations made by other instances are picked up */
    public Duration revocationPollInterval() {
        return revocationPollInterval;
    }

    /** @return the roles every new account gets */
    public Set<String> defaultRoles() {
        return defaultRoles;
    }

    /** @return the extra password rules added in code, in order */
    public List<PasswordRule> passwordRules() {
        return passwordRules;
    }

    /** @return the clock every expiry is computed with */
    public Clock clock() {
        return clock;
    }

    /**
     * @param key any key of {@link #KEYS}
     * @return its raw value as configured, if set
     */
    public Optional<String> raw(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** @return the keys and values, with secret values masked */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        values.forEach((k, v) -> shown.put(k, SECRET_KEYS.contains(k) ? "****" : v));
        return "AuthConfig" + shown;
    }

    private String nonBlank(String key, String dflt) {
        String v = values.getOrDefault(key, dflt);
        if (v.isBlank()) {
            throw new ConfigurationException(key, "must not be blank");
        }
        return v.trim();
    }

    private Duration duration(String key, String dflt, Duration min, Duration max) {
        Duration d = parse(key, dflt, s -> {
            try {
                return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration such as PT15M or P14D");
            }
        });
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigurationException(key, "must be between " + min + " and " + max);
        }
        return d;
    }

    private <T> T parse(String key, String dflt, ValueParser<T> parser) {
        String v = values.getOrDefault(key, dflt);
        try {
            return parser.parse(v);
        } catch (ConfigurationException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw new ConfigurationException(key, "invalid value '" + v + "': " + e.fields().values().iterator().next());
        } catch (RuntimeException e) {
            String why = e instanceof NumberFormatException ? "must be a whole number" : e.getMessage();
            throw new ConfigurationException(key, "invalid value '" + v + "': " + why);
        }
    }

    /** Decodes a secret and refuses short or low-entropy ones; the message never contains the secret. */
    static byte[] secretBytes(String key, String value) {
        byte[] bytes;
        if (value.startsWith("base64:")) {
            try {
                bytes = Base64.getDecoder().decode(value.substring("base64:".length()).trim());
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key, "the value after 'base64:' is not valid base64");
            }
        } else {
            bytes = value.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new ConfigurationException(key, "is " + bytes.length + " bytes; at least " + MIN_SECRET_BYTES
                    + " are required for HS256 (RFC 7518 section 3.2)");
        }
        if (estimatedBits(bytes) < MIN_SECRET_BITS) {
            throw new ConfigurationException(key, "is too predictable (repeated or few distinct characters); "
                    + "use a random value such as the output of: openssl rand -base64 48");
        }
        return bytes;
    }

    /** Shannon entropy of the byte histogram times the length: a cheap lower-bound-ish estimate. */
    private static double estimatedBits(byte[] bytes) {
        int[] counts = new int[256];
        for (byte b : bytes) {
            counts[b & 0xff]++;
        }
        double perByte = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / bytes.length;
                perByte -= p * (Math.log(p) / Math.log(2));
            }
        }
        return perByte * bytes.length;
    }

    private static boolean parseBoolean(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static void rejectUnknownKeys(Map<String, String> source) {
        for (String k : source.keySet()) {
            // auth.http.* belongs to the HTTP layer (auth-servlet), which reads it itself
            if (k.startsWith("auth.") && !k.startsWith("auth.http.") && !KEYS.contains(k)) {
                throw new ConfigurationException(k, "unknown configuration key; known keys are "
                        + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
    }

    private static Map<String, String> propertiesOf(java.util.Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }

    @FunctionalInterface
    private interface ValueParser<T> {
        T parse(String value);
    }

    /** Collects values; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<PasswordRule> passwordRules = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param key one of {@link AuthConfig#KEYS}
         * @param value its value; {@code null} removes it
         * @return this builder
         * @throws ConfigurationException if the key is unknown
         */
        public Builder set(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (!KEYS.contains(key)) {
                throw new ConfigurationException(key, "unknown configuration key");
            }
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            return this;
        }

        /**
         * @param rule an extra rule new passwords must pass, after the built-in ones
         * @return this builder
         */
        public Builder addPasswordRule(PasswordRule rule) {
            passwordRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * @param clock the clock to compute expiries with (tests use a fixed or offset clock)
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the validated configuration
         * @throws ConfigurationException naming the first key at fault
         */
        public AuthConfig build() {
            return new AuthConfig(this);
        }
    }
}
