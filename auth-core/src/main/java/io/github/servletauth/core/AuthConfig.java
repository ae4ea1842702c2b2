package io.github.servletauth.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Supplier;

/**
 * The library's configuration: one immutable object, validated once when built. Every key can come from
 * (highest precedence first) a JVM system property, an environment variable, or a source the caller passes
 * in (a {@code Properties} file, servlet init-params). The environment form of a key is upper case with
 * {@code .} and {@code -} turned into {@code _}: {@code auth.jwt.secret} is {@code AUTH_JWT_SECRET}.
 *
 * <p>The keys, their defaults and which of them are secret come from one table in this class, from which
 * {@link #KEYS}, the defaults and the masking of secret values in {@link #toString()} are derived; the
 * README's configuration table, which says what each key means, is tested against it. Each key is also
 * described by its accessor below. A bad configuration fails with one {@link ConfigurationException} that
 * names every key at fault.
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

    /** Default of {@code auth.jwt.cache-size}. */
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 10_000;

    /**
     * Every key, one line each: the name, the default ({@code Key.of}: a literal value or none;
     * {@code Key.computed}: worked out at start-up, or what happens without it, as the README states it) and
     * whether the value is secret. Adding a key is a line here, a row in the README and its parsing below.
     */
    private static final List<Key> TABLE = List.of(
            Key.of("auth.jwt.algorithm", "HS256"),
            Key.secret("auth.jwt.secret", "generated (SQLite only)"),
            Key.secret("auth.jwt.previous-secrets", ""),
            Key.of("auth.jwt.key-file", null),
            Key.of("auth.jwt.jwks-url", null),
            Key.of("auth.jwt.jwks-refresh", "PT5M"),
            Key.of("auth.jwt.issuer-uri", null),
            Key.computed("auth.jwt.username-claim", "`sub` (with `auth.jwt.issuer-uri`)", () -> null),
            Key.of("auth.jwt.roles-claim", null),
            Key.computed("auth.jwt.typ", "`optional` (with `auth.jwt.issuer-uri`)", () -> null),
            Key.computed("auth.jwt.key-id", "first private key", () -> null),
            Key.of("auth.jwt.issuer", "servlet-auth"),
            Key.of("auth.jwt.audience", "servlet-auth"),
            Key.of("auth.jwt.access-ttl", "PT15M"),
            Key.of("auth.jwt.refresh-ttl", "P14D"),
            Key.of("auth.jwt.clock-skew", "PT30S"),
            Key.of("auth.jwt.cache-size", String.valueOf(DEFAULT_TOKEN_CACHE_SIZE)),
            Key.computed("auth.db.url", "SQLite file `accounts.db` in the data dir", () -> null),
            Key.of("auth.db.jndi-name", null),
            Key.of("auth.db.username", null),
            Key.secret("auth.db.password", ""),
            Key.of("auth.db.pool-size", "10"),
            Key.of("auth.db.connect-timeout", "PT3S"),
            Key.of("auth.db.migrate", "true"),
            Key.computed("auth.data-dir", "`~/.servlet-auth`",
                    () -> Paths.get(System.getProperty("user.home"), ".servlet-auth").toString()),
            Key.of("auth.password.algorithm", "pbkdf2"),
            Key.computed("auth.password.hash-threads", "available processors",
                    () -> String.valueOf(Runtime.getRuntime().availableProcessors())),
            Key.of("auth.password.hash-queue-timeout", "PT2S"),
            Key.of("auth.register.address-limit", "20"),
            Key.of("auth.register.address-max-delay", "PT15M"),
            Key.of("auth.default-roles", "user"),
            Key.of("auth.revocation.poll-interval", "PT5S"),
            Key.of("auth.revocation.feed-url", null),
            Key.computed("auth.revocation.max-staleness", "none: keep the last list", () -> null),
            Key.of("auth.browser.access-cookie", "auth_access"),
            Key.of("auth.browser.refresh-cookie", "auth_refresh"),
            Key.of("auth.browser.cookie-domain", null),
            Key.of("auth.browser.cookie-secure", "auto"),
            Key.of("auth.browser.same-site", "Lax"),
            Key.of("auth.browser.renew-grace", "PT10S"));

    private static final Map<String, Key> BY_NAME = byName(TABLE);

    /** Every key the library reads. */
    public static final Set<String> KEYS = Collections.unmodifiableSet(BY_NAME.keySet());

    private static final int MAX_TOKEN_CACHE_SIZE = 10_000_000;
    private static final int MIN_SECRET_BYTES = 32;
    private static final double MIN_SECRET_BITS = 128;

    private final Map<String, String> values;
    private final JwtAlgorithm jwtAlgorithm;
    private final Set<JwtAlgorithm> jwtAlgorithms;
    private final byte[] jwtSecret;
    private final List<byte[]> previousSecrets;
    private final Path keyFile;
    private final java.net.URI jwksUrl;
    private final Duration jwksRefresh;
    private final java.net.URI issuerUri;
    private final String usernameClaim;
    private final String rolesClaim;
    private final boolean atJwtRequired;
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
    private final java.net.URI revocationFeedUrl;
    private final Duration revocationMaxStaleness;
    private final List<PasswordRule> passwordRules;
    private final int tokenCacheSize;
    private final int hashThreads;
    private final Duration hashQueueTimeout;
    private final Set<String> defaultRoles;
    private final int registrationsPerAddress;
    private final Duration registrationMaxDelay;
    private final BrowserSettings browser;
    private final Clock clock;

    private AuthConfig(Builder b) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(b.values));
        this.clock = b.clock;
        this.passwordRules = List.copyOf(b.passwordRules);
        ConfigChecks c = new ConfigChecks(values, AuthConfig::defaultOf, k -> BY_NAME.get(k).secret());
        List<JwtAlgorithm> algorithms = c.parse("auth.jwt.algorithm", AuthConfig::algorithms);
        this.jwtAlgorithm = algorithms == null ? null : algorithms.get(0);
        this.jwtAlgorithms = algorithms == null ? Set.of()
                : Collections.unmodifiableSet(java.util.EnumSet.copyOf(algorithms));
        this.issuerUri = c.parse("auth.jwt.issuer-uri", AuthConfig::issuerUri);
        this.usernameClaim = Objects.requireNonNullElse(c.nonBlank("auth.jwt.username-claim"), "sub");
        this.rolesClaim = c.parse("auth.jwt.roles-claim", AuthConfig::claimPath);
        this.atJwtRequired = Boolean.TRUE.equals(c.parse("auth.jwt.typ", s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("at+jwt") && !v.equals("optional")) {
                throw new IllegalArgumentException("must be at+jwt or optional");
            }
            return v.equals("at+jwt");
        }));
        // with an issuer URI, tokens must name exactly that URI (OpenID Connect Discovery section 4.3)
        this.issuer = issuerUri != null ? issuerUri.toString() : c.nonBlank("auth.jwt.issuer");
        this.audience = c.nonBlank("auth.jwt.audience");
        this.accessTtl = c.duration("auth.jwt.access-ttl", Duration.ofSeconds(10), Duration.ofDays(1));
        this.refreshTtl = c.duration("auth.jwt.refresh-ttl", Duration.ofMinutes(1), Duration.ofDays(400));
        this.clockSkew = c.duration("auth.jwt.clock-skew", Duration.ZERO, Duration.ofMinutes(5));
        this.dbUrl = c.parse("auth.db.url", s -> {
            if (!s.startsWith("jdbc:postgresql:") && !s.startsWith("jdbc:sqlite:")) {
                throw new IllegalArgumentException("must start with jdbc:postgresql: or jdbc:sqlite:");
            }
            return s;
        });
        this.jndiName = containerDataSource(c);
        this.poolSize = c.integer("auth.db.pool-size", 1, 1000);
        this.connectTimeout = c.duration("auth.db.connect-timeout", Duration.ofMillis(250), Duration.ofMinutes(1));
        this.migrate = Boolean.TRUE.equals(c.parse("auth.db.migrate", AuthConfig::parseBoolean));
        this.dataDir = c.parse("auth.data-dir", s -> Paths.get(s).toAbsolutePath().normalize());
        this.passwordAlgorithm = c.parse("auth.password.algorithm", s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (!Set.of("pbkdf2", "bcrypt", "argon2").contains(v)) {
                throw new IllegalArgumentException("must be pbkdf2, bcrypt or argon2");
            }
            return v;
        });
        this.tokenCacheSize = c.integer("auth.jwt.cache-size", 0, MAX_TOKEN_CACHE_SIZE);
        this.hashThreads = c.integer("auth.password.hash-threads", 1, 1024);
        this.hashQueueTimeout = c.duration("auth.password.hash-queue-timeout", Duration.ZERO, Duration.ofMinutes(1));
        this.registrationsPerAddress = c.integer("auth.register.address-limit", 0, 1_000_000);
        this.registrationMaxDelay = c.duration("auth.register.address-max-delay", Duration.ofSeconds(1),
                Duration.ofDays(1));
        this.revocationPollInterval = c.duration("auth.revocation.poll-interval", Duration.ofMillis(100),
                Duration.ofMinutes(5));
        this.revocationFeedUrl = c.parse("auth.revocation.feed-url", AuthConfig::httpUrl);
        this.revocationMaxStaleness = maxStaleness(c);
        this.defaultRoles = c.parse("auth.default-roles", s -> {
            Set<String> roles = new java.util.LinkedHashSet<>();
            for (String r : s.split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.trim());
                }
            }
            return Roles.check(roles);
        });
        this.browser = BrowserSettings.from(c);
        this.keyFile = c.parse("auth.jwt.key-file", Paths::get);
        this.jwksUrl = c.parse("auth.jwt.jwks-url", s -> {
            java.net.URI u = java.net.URI.create(s.trim());
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("must be an absolute http or https URL");
            }
            return u;
        });
        this.jwksRefresh = c.duration("auth.jwt.jwks-refresh", Duration.ofSeconds(10), Duration.ofDays(1));
        this.jwtSecret = c.parse("auth.jwt.secret", s -> secretBytes("auth.jwt.secret", s));
        this.previousSecrets = Objects.requireNonNullElse(c.parse("auth.jwt.previous-secrets", prev -> {
            List<byte[]> previous = new ArrayList<>();
            for (String s : prev.split(",")) {
                if (!s.isBlank()) {
                    previous.add(secretBytes("auth.jwt.previous-secrets", s.trim()));
                }
            }
            return List.copyOf(previous);
        }), List.of());
        if (values.containsKey("auth.jwt.issuer-uri")) {
            // also when its value is refused: its other problems are still those of a foreign-issuer webapp
            checkForeignIssuer(c);
        } else {
            checkOwnTokensOnly(c);
            if (!c.anyFaulty("auth.jwt.algorithm", "auth.jwt.secret", "auth.jwt.key-file", "auth.jwt.jwks-url",
                    "auth.db.url")) {
                checkKeys(c);
            }
        }
        c.throwIfAny(List.copyOf(KEYS));
    }

    /** {@code auth.revocation.feed-url}: checked like {@code auth.jwt.jwks-url}. */
    private static java.net.URI httpUrl(String s) {
        java.net.URI u = java.net.URI.create(s.trim());
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        return u;
    }

    /** {@code auth.revocation.max-staleness}: longer than a poll interval, or every poll would leave it stale. */
    private Duration maxStaleness(ConfigChecks c) {
        Duration d = c.duration("auth.revocation.max-staleness", Duration.ofSeconds(1), Duration.ofDays(1));
        if (d != null && revocationPollInterval != null && d.compareTo(revocationPollInterval.multipliedBy(2)) < 0) {
            c.fault("auth.revocation.max-staleness", "must be at least twice auth.revocation.poll-interval ("
                    + revocationPollInterval + "), so that one slow poll does not make every token refused");
        }
        return d;
    }

    /** {@code auth.db.jndi-name}, refused beside the keys the container's resource holds instead. */
    private String containerDataSource(ConfigChecks c) {
        String name = c.nonBlank("auth.db.jndi-name");
        if (name == null) {
            return null;
        }
        // the container's <Resource> holds these; two sources of truth would silently disagree
        for (String pooled : List.of("auth.db.url", "auth.db.username", "auth.db.password", "auth.db.pool-size",
                "auth.db.connect-timeout")) {
            if (values.containsKey(pooled)) {
                c.fault(pooled, "cannot be combined with auth.db.jndi-name: set it on the container's DataSource");
            }
        }
        return name;
    }

    /** The checks across keys: which key material goes with which algorithm and database. */
    private void checkKeys(ConfigChecks c) {
        if (jwtAlgorithm == JwtAlgorithm.HS256) {
            if (keyFile != null || jwksUrl != null) {
                c.fault(keyFile != null ? "auth.jwt.key-file" : "auth.jwt.jwks-url",
                        "is for RS256, ES256 and EdDSA; auth.jwt.algorithm is HS256, which uses auth.jwt.secret");
            }
            if (jwtSecret == null && !usesEmbeddedDatabase()) {
                c.fault("auth.jwt.secret", "is required when auth.db.url or auth.db.jndi-name names a shared "
                        + "database (generate one with: openssl rand -base64 48)");
            }
        } else {
            if (keyFile == null && jwksUrl == null) {
                c.fault("auth.jwt.key-file", "is required for auth.jwt.algorithm "
                        + jwtAlgorithm.jwsName() + " (or auth.jwt.jwks-url in a webapp that only verifies tokens)");
            }
            if (keyFile != null && jwksUrl != null) {
                c.fault("auth.jwt.jwks-url", "cannot be combined with auth.jwt.key-file");
            }
            if (jwtSecret != null) {
                c.fault("auth.jwt.secret", "is only used with HS256; auth.jwt.algorithm is "
                        + jwtAlgorithm.jwsName());
            }
        }
    }

    /**
     * The checks of a webapp verifying the tokens of another issuer: its keys come from the issuer's metadata,
     * and what the library's own tokens imply (an algorithm, an audience) must be said explicitly.
     */
    private void checkForeignIssuer(ConfigChecks c) {
        for (String source : List.of("auth.jwt.secret", "auth.jwt.previous-secrets", "auth.jwt.key-file",
                "auth.jwt.key-id", "auth.jwt.jwks-url")) {
            if (values.containsKey(source)) {
                c.fault(source, "cannot be combined with auth.jwt.issuer-uri, whose metadata names the keys");
            }
        }
        if (values.containsKey("auth.jwt.issuer")) {
            c.fault("auth.jwt.issuer", "cannot be combined with auth.jwt.issuer-uri, which is the iss tokens must "
                    + "carry");
        }
        if (!values.containsKey("auth.jwt.algorithm")) {
            c.fault("auth.jwt.algorithm", "is required with auth.jwt.issuer-uri: the algorithms the issuer signs "
                    + "with, comma-separated, e.g. RS256 (the default of Keycloak, Entra ID, Auth0 and Okta)");
        } else if (jwtAlgorithms.contains(JwtAlgorithm.HS256)) {
            c.fault("auth.jwt.algorithm", "HS256 needs a shared secret, which an issuer's JWK Set never holds; "
                    + "with auth.jwt.issuer-uri name public-key algorithms only, e.g. RS256");
        }
        if (!values.containsKey("auth.jwt.audience")) {
            c.fault("auth.jwt.audience", "is required with auth.jwt.issuer-uri: the aud the issuer puts into "
                    + "access tokens meant for this webapp");
        }
    }

    /** Without an issuer URI the tokens are this library's own: one algorithm it signs with, its claims. */
    private void checkOwnTokensOnly(ConfigChecks c) {
        for (String mapping : List.of("auth.jwt.username-claim", "auth.jwt.roles-claim")) {
            if (values.containsKey(mapping)) {
                c.fault(mapping, "maps the claims of another issuer's tokens: it needs auth.jwt.issuer-uri");
            }
        }
        if (values.containsKey("auth.jwt.typ") && !c.anyFaulty("auth.jwt.typ") && !atJwtRequired) {
            c.fault("auth.jwt.typ", "is for the tokens of auth.jwt.issuer-uri; this library's own tokens always "
                    + "carry typ at+jwt");
        }
        if (jwtAlgorithms.size() > 1) {
            c.fault("auth.jwt.algorithm", "a list is only for auth.jwt.issuer-uri; this library signs and verifies "
                    + "its own tokens with one algorithm");
        } else if (jwtAlgorithm != null && !jwtAlgorithm.canIssue()) {
            c.fault("auth.jwt.algorithm", jwtAlgorithm.jwsName() + " only verifies the tokens of another issuer "
                    + "(auth.jwt.issuer-uri); this library signs with HS256, RS256, ES256 or EdDSA");
        }
    }

    /**
     * The keys that say where a webapp's signing or verification keys come from. They go together: a webapp that
     * names one of them in its own params takes none of them from system properties or the environment, which in
     * a shared container may hold another webapp's key file or secret.
     */
    private static final Set<String> KEY_SOURCES = Set.of("auth.jwt.secret", "auth.jwt.previous-secrets",
            "auth.jwt.key-file", "auth.jwt.key-id", "auth.jwt.jwks-url", "auth.jwt.issuer-uri");

    /**
     * The configuration of one webapp in a container that may host several (what {@code AuthContextListener} and a
     * standalone {@code JwtFilter} use): <b>what the webapp's own params say wins for it; JVM system properties,
     * then environment variables, fill in only the keys it leaves unset, and none of the key sources
     * ({@code auth.jwt.secret}, {@code previous-secrets}, {@code key-file}, {@code key-id}, {@code jwks-url},
     * {@code issuer-uri}) once it names one of them, nor {@code auth.jwt.issuer} once it names
     * {@code auth.jwt.issuer-uri}.</b> So an environment that configures the accounts webapp cannot replace the issuer
     * a filter-only webapp's {@code web.xml} names, nor add a key file to the JWKS URL it verifies with.
     *
     * @param webappParams the webapp's own {@code auth.*} params (filter init-params over context-params)
     * @return the validated configuration
     * @throws ConfigurationException naming every key at fault
     */
    public static AuthConfig forWebapp(Map<String, String> webappParams) {
        return forWebapp(propertiesOf(System.getProperties()), System.getenv(), webappParams).build();
    }

    /**
     * Like {@link #forWebapp(Map)} with the outside sources given, and returning the builder.
     *
     * @param systemProperties JVM system properties
     * @param environment environment variables, in their upper-case form
     * @param webappParams the webapp's own {@code auth.*} params, the highest precedence
     * @return a builder holding every {@code auth.*} value that applies
     * @throws ConfigurationException naming every {@code auth.} key of the sources the library does not know
     */
    public static Builder forWebapp(Map<String, String> systemProperties, Map<String, String> environment,
                                    Map<String, String> webappParams) {
        rejectUnknownKeys(List.of(systemProperties, webappParams));
        boolean ownKeySource = webappParams.keySet().stream().anyMatch(KEY_SOURCES::contains);
        // an issuer URI also names the issuer: an outside auth.jwt.issuer (another webapp's) would contradict it
        boolean ownIssuer = webappParams.containsKey("auth.jwt.issuer-uri");
        Builder b = builder();
        for (String key : KEYS) {
            String v = webappParams.get(key);
            if (v == null && !(ownKeySource && KEY_SOURCES.contains(key))
                    && !(ownIssuer && key.equals("auth.jwt.issuer"))) {
                v = systemProperties.get(key);
                if (v == null) {
                    v = environment.get(environmentName(key));
                }
            }
            if (v != null) {
                b.set(key, v);
            }
        }
        return b;
    }

    /**
     * Reads every key from JVM system properties, then environment variables, then {@code fallback}
     * (highest precedence first), and validates the result.
     *
     * @param fallback the lowest-precedence source, such as servlet init-params; may be empty
     * @return the validated configuration
     * @throws ConfigurationException naming every key at fault
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
     * @throws ConfigurationException naming every {@code auth.} key of the sources the library does not know
     */
    public static Builder fromSources(Map<String, String> systemProperties, Map<String, String> environment,
                                      Map<String, String> fallback) {
        rejectUnknownKeys(List.of(systemProperties, fallback));
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

    /**
     * @return the signing algorithm; with {@code auth.jwt.issuer-uri}, the first of the algorithms accepted
     *         ({@link #jwtAlgorithms()})
     */
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

    /**
     * @return every algorithm a token may be signed with: the one of {@link #jwtAlgorithm()}, or with
     *         {@code auth.jwt.issuer-uri} the comma-separated list of {@code auth.jwt.algorithm}
     */
    public Set<JwtAlgorithm> jwtAlgorithms() {
        return jwtAlgorithms;
    }

    /**
     * @return the issuer whose tokens a verifying webapp accepts, from its metadata
     *         ({@code /.well-known/openid-configuration}, then RFC 8414's {@code oauth-authorization-server}),
     *         if configured; tokens must then carry exactly this {@code iss}
     */
    public Optional<java.net.URI> issuerUri() {
        return Optional.ofNullable(issuerUri);
    }

    /**
     * @return with {@code auth.jwt.issuer-uri}: the claim whose string value becomes the username
     *         ({@code sub} unless configured, e.g. {@code preferred_username}, {@code email}, {@code upn})
     */
    public String usernameClaim() {
        return usernameClaim;
    }

    /**
     * @return with {@code auth.jwt.issuer-uri}: the dotted path of the claim holding the roles
     *         ({@code realm_access.roles}, {@code groups}, {@code scp}, ...), if configured; none means no roles
     */
    public Optional<String> rolesClaim() {
        return Optional.ofNullable(rolesClaim);
    }

    /**
     * @return with {@code auth.jwt.issuer-uri}: whether its tokens must carry the header {@code typ: at+jwt}
     *         (RFC 9068) rather than {@code JWT} or none ({@code auth.jwt.typ}); this library's own tokens always must
     */
    public boolean requiresAtJwtType() {
        return atJwtRequired;
    }

    /** @return the {@code kid} of the signing key in the key file, if configured */
    public Optional<String> keyId() {
        return Optional.ofNullable(values.get("auth.jwt.key-id"));
    }

    /** @return the {@code iss} claim issued and required; with {@code auth.jwt.issuer-uri}, that URI */
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

    /**
     * @return how often revocations made by other instances are picked up from the database (a fallback on
     *         PostgreSQL, which notifies them at once), and how often a {@link JwtVerifier} polls
     *         {@link #revocationFeedUrl()}
     */
    public Duration revocationPollInterval() {
        return revocationPollInterval;
    }

    /**
     * @return the accounts webapp's revocation feed ({@code GET <api>/revocations}) that a {@link JwtVerifier}
     *         polls, if configured; the accounts webapp itself ignores it (it has the database)
     */
    public Optional<java.net.URI> revocationFeedUrl() {
        return Optional.ofNullable(revocationFeedUrl);
    }

    /**
     * @return how long a {@link JwtVerifier} may go without a good answer from the feed before it refuses every
     *         token ({@link RevocationsUnavailableException}: fail closed); empty (the default): it keeps its
     *         last list and accepts tokens (fail open)
     */
    public Optional<Duration> revocationMaxStaleness() {
        return Optional.ofNullable(revocationMaxStaleness);
    }

    /**
     * @return how browsers are signed in: cookie names and attributes, and the renewal grace of two tabs
     *         ({@code auth.browser.*})
     */
    public BrowserSettings browser() {
        return browser;
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
        values.forEach((k, v) -> shown.put(k, BY_NAME.get(k).secret() ? "****" : v));
        return "AuthConfig" + shown;
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

    /** {@code auth.jwt.algorithm}: one name, or with an issuer URI a comma-separated list (checked later). */
    private static List<JwtAlgorithm> algorithms(String s) {
        List<JwtAlgorithm> list = new ArrayList<>();
        for (String name : s.split(",")) {
            if (!name.isBlank()) {
                JwtAlgorithm a = JwtAlgorithm.fromName(name);
                if (list.contains(a)) {
                    throw new IllegalArgumentException(a.jwsName() + " is listed twice");
                }
                list.add(a);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("must name an algorithm");
        }
        return List.copyOf(list);
    }

    /** An issuer identifier (RFC 8414 section 2): an http(s) URL with a host and no query or fragment. */
    private static java.net.URI issuerUri(String s) {
        java.net.URI u = java.net.URI.create(s.trim());
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null
                || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("must be an absolute http or https URL without query or fragment, "
                    + "exactly as the issuer's tokens carry it in iss");
        }
        return u;
    }

    /** A dotted claim path such as {@code resource_access.my-app.roles}: no empty segment. */
    private static String claimPath(String s) {
        String path = s.trim();
        if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("must be a claim name or a dotted path such as realm_access.roles");
        }
        return path;
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

    /** Refuses every unknown {@code auth.} key of the sources at once; {@code auth.http.*} is auth-servlet's. */
    private static void rejectUnknownKeys(List<Map<String, String>> sources) {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (Map<String, String> source : sources) {
            new TreeSet<>(source.keySet()).stream()
                    .filter(k -> k.startsWith("auth.") && !k.startsWith("auth.http.") && !KEYS.contains(k))
                    .forEach(k -> unknown.putIfAbsent(k, unknown.isEmpty()
                            ? "unknown configuration key (known keys: " + String.join(", ", new TreeSet<>(KEYS)) + ")"
                            : "unknown configuration key"));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(unknown);
        }
    }

    /** @return the default of {@code key} as a configured value would be written, or {@code null} if none */
    static String defaultOf(String key) {
        return BY_NAME.get(key).defaultValue().get();
    }

    /** @return the key table, in order (the README test reads it) */
    static List<Key> table() {
        return TABLE;
    }

    private static Map<String, Key> byName(List<Key> table) {
        Map<String, Key> byName = new LinkedHashMap<>();
        for (Key k : table) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalStateException("duplicate key " + k.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private static Map<String, String> propertiesOf(java.util.Properties p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }

    /**
     * One row of the key table.
     *
     * @param name the key
     * @param defaultValue its default as a configured value would be written; {@code null} if it has none
     * @param documentedDefault the default as the README's configuration table states it
     * @param secret whether its value is masked and never repeated in a message
     */
    record Key(String name, Supplier<String> defaultValue, String documentedDefault, boolean secret) {
        /** A key with a literal default, or none ({@code null}). */
        static Key of(String name, String defaultValue) {
            return new Key(name, () -> defaultValue, defaultValue == null ? "" : "`" + defaultValue + "`", false);
        }

        /** A key whose default is worked out at start-up, or is what the library does without it. */
        static Key computed(String name, String documentedDefault, Supplier<String> defaultValue) {
            return new Key(name, defaultValue, documentedDefault, false);
        }

        /** A secret key: no literal default, masked in {@link AuthConfig#toString()}. */
        static Key secret(String name, String documentedDefault) {
            return new Key(name, () -> null, documentedDefault, true);
        }
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
         * @throws ConfigurationException naming every key at fault, each with what is wrong with it
         */
        public AuthConfig build() {
            return new AuthConfig(this);
        }
    }
}
