package io.github.servletauth.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthConfigTest {
    static final String SECRET = "base64:q7bH0y2mJ5Vw9nX3cT8rL1sK4pZ6aF0eD2gU7iO9yB5hN3jM1vC8xQ4wR6tE2uI0";

    @TempDir
    Path dir;

    @Test
    void buildWhenNothingSetThenEmbeddedDefaults() {
        AuthConfig c = AuthConfig.builder().set("auth.data-dir", dir.toString()).build();
        assertThat(c.jwtAlgorithm()).isEqualTo(JwtAlgorithm.HS256);
        assertThat(c.usesEmbeddedDatabase()).isTrue();
        assertThat(c.databaseUrl()).isEmpty();
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.refreshTokenTtl()).isEqualTo(Duration.ofDays(14));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.issuer()).isEqualTo("servlet-auth");
        assertThat(c.audience()).isEqualTo("servlet-auth");
        assertThat(c.poolSize()).isEqualTo(10);
        assertThat(c.migrateSchema()).isTrue();
        assertThat(c.passwordAlgorithm()).isEqualTo("pbkdf2");
        assertThat(c.defaultRoles()).containsExactly("user");
        assertThat(c.dataDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void fromSourcesWhenKeySetInSeveralSourcesThenSystemPropertyWinsThenEnvironment() {
        Map<String, String> sys = Map.of("auth.jwt.issuer", "from-sys");
        Map<String, String> env = Map.of("AUTH_JWT_ISSUER", "from-env", "AUTH_JWT_AUDIENCE", "aud-env",
                "AUTH_JWT_ACCESS_TTL", "PT5M");
        Map<String, String> fallback = Map.of("auth.jwt.issuer", "from-init", "auth.jwt.audience", "aud-init",
                "auth.jwt.clock-skew", "PT10S");
        AuthConfig c = AuthConfig.fromSources(sys, env, fallback).build();
        assertThat(c.issuer()).isEqualTo("from-sys");
        assertThat(c.audience()).isEqualTo("aud-env");
        assertThat(c.accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void environmentNameWhenDotsAndDashesThenUnderscoresUpperCase() {
        assertThat(AuthConfig.environmentName("auth.jwt.access-ttl")).isEqualTo("AUTH_JWT_ACCESS_TTL");
        assertThat(AuthConfig.environmentName("auth.data-dir")).isEqualTo("AUTH_DATA_DIR");
    }

    @Test
    void buildWhenPostgresWithoutSecretThenRefusedNamingSecretKey() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.url", "jdbc:postgresql://localhost/x").build())
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo("auth.jwt.secret"));
    }

    @Test
    void buildWhenSecretShortThenRefusedWithoutEchoingIt() {
        String shortSecret = "tooShortSecret-123";
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.secret", shortSecret).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("auth.jwt.secret")
                .hasMessageContaining("at least 32 are required")
                .hasMessageNotContaining(shortSecret);
    }

    @Test
    void buildWhenSecretLongButRepetitiveThenRefused() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.secret", "a".repeat(64)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("predictable");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.secret", "passwordpasswordpasswordpassword").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("predictable");
    }

    @Test
    void buildWhenSecretRandomThenAcceptedAndNeverPrinted() {
        AuthConfig c = AuthConfig.builder().set("auth.jwt.secret", SECRET)
                .set("auth.db.url", "jdbc:postgresql://localhost/x").set("auth.db.password", "dbpw-s3cret").build();
        assertThat(c.jwtSecret()).get().satisfies(b -> assertThat(b).hasSize(48));
        assertThat(c.toString()).doesNotContain(SECRET.substring(10)).doesNotContain("dbpw-s3cret").contains("****");
    }

    @Test
    void buildWhenPreviousSecretsThenEachParsed() {
        AuthConfig c = AuthConfig.builder().set("auth.jwt.secret", SECRET)
                .set("auth.jwt.previous-secrets", "Zx8#kP2!mQ9$wL4@vN7&rT1*bY6^cH3%, " + SECRET).build();
        assertThat(c.previousSecrets()).hasSize(2);
    }

    @Test
    void buildWhenBadDurationThenMessageNamesKey() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.access-ttl", "15 minutes").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("auth.jwt.access-ttl:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.clock-skew", "PT1H").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("auth.jwt.clock-skew:");
    }

    @Test
    void buildWhenBadValuesThenEachMessageNamesItsKey() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.pool-size", "ten").build())
                .hasMessageStartingWith("auth.db.pool-size:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.pool-size", "0").build())
                .hasMessageStartingWith("auth.db.pool-size:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.migrate", "yes").build())
                .hasMessageStartingWith("auth.db.migrate:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.url", "jdbc:mysql://x/y").build())
                .hasMessageStartingWith("auth.db.url:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "HS512").build())
                .hasMessageStartingWith("auth.jwt.algorithm:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.password.algorithm", "md5").build())
                .hasMessageStartingWith("auth.password.algorithm:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.default-roles", "ad min").build())
                .hasMessageStartingWith("auth.default-roles:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.issuer", " ").build())
                .hasMessageStartingWith("auth.jwt.issuer:");
    }

    @Test
    void buildWhenAsymmetricWithoutKeyFileThenRefusedNamingKeyFile() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "RS256").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("auth.jwt.key-file:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "HS256")
                .set("auth.jwt.key-file", "/x.pem").build())
                .hasMessageStartingWith("auth.jwt.key-file:");
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "EdDSA")
                .set("auth.jwt.key-file", "/x.json").set("auth.jwt.secret", SECRET).build())
                .hasMessageStartingWith("auth.jwt.secret:");
    }

    @Test
    void fromSourcesWhenUnknownAuthKeyThenRefusedNamingIt() {
        assertThatThrownBy(() -> AuthConfig.fromSources(Map.of(), Map.of(), Map.of("auth.jwt.secert", "x")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).key()).isEqualTo("auth.jwt.secert"));
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.nope", "x"))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("auth.nope:");
    }

    @Test
    void fromSourcesWhenUnrelatedKeysThenIgnored() {
        AuthConfig c = AuthConfig.fromSources(Map.of("java.version", "17", "auth.data-dir", dir.toString()),
                Map.of("AUTH_UNRELATED_TOOL", "x", "PATH", "/bin"), Map.of("other.key", "y")).build();
        assertThat(c.dataDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void readmeConfigurationTableWhenComparedThenSameKeysAndDefaultsAsTheKeyTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Accounts and passwords"));
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `auth.")) {
                String[] cells = line.substring(1).split("\\|");
                Matcher keys = Pattern.compile("`(auth\\.[^`]+)`").matcher(cells[0]);
                while (keys.find()) {
                    documented.put(keys.group(1), cells[1].trim());
                }
            }
        }

        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(AuthConfig.KEYS);
        for (AuthConfig.Key key : AuthConfig.table()) {
            assertThat(documented.get(key.name())).as("README default of " + key.name())
                    .isEqualTo(key.documentedDefault());
        }
    }

    @Test
    void keyTableWhenReadThenKeysDefaultsAndSecretsDeriveFromIt() {
        List<String> names = AuthConfig.table().stream().map(AuthConfig.Key::name).toList();
        assertThat(AuthConfig.KEYS).containsExactlyElementsOf(names);
        // every literal default is a value the configuration accepts
        for (AuthConfig.Key key : AuthConfig.table()) {
            String dflt = AuthConfig.defaultOf(key.name());
            if (dflt != null && !key.secret()) {
                assertThatCode(() -> AuthConfig.builder().set(key.name(), dflt).build()).as(key.name())
                        .doesNotThrowAnyException();
            }
        }
        AuthConfig c = AuthConfig.builder().set("auth.jwt.secret", SECRET).set("auth.db.url", "jdbc:postgresql://h/d")
                .set("auth.db.username", "app").set("auth.db.password", "dbpw-s3cret")
                .set("auth.jwt.previous-secrets", SECRET).build();
        Set<String> masked = AuthConfig.table().stream().filter(AuthConfig.Key::secret).map(AuthConfig.Key::name)
                .collect(Collectors.toSet());
        assertThat(masked).containsExactlyInAnyOrder("auth.jwt.secret", "auth.jwt.previous-secrets",
                "auth.db.password");
        assertThat(c.toString()).contains("auth.db.username=app").doesNotContain("dbpw-s3cret")
                .doesNotContain(SECRET.substring(10));
    }

    @Test
    void buildWhenSeveralKeysBadThenOneExceptionNamesEveryKeyInTableOrder() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.pool-size", "0").set("auth.jwt.issuer", " ")
                .set("auth.jwt.access-ttl", "15 minutes").set("auth.jwt.algorithm", "HS512")
                .set("auth.default-roles", "ad min").set("auth.jwt.secret", "tooShortSecret-123").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems().keySet()).containsExactly("auth.jwt.algorithm", "auth.jwt.secret",
                            "auth.jwt.issuer", "auth.jwt.access-ttl", "auth.db.pool-size", "auth.default-roles");
                    assertThat(e.key()).isEqualTo("auth.jwt.algorithm");
                    assertThat(e.problems().get("auth.db.pool-size")).isEqualTo("must be between 1 and 1000");
                    assertThat(e.getMessage()).startsWith("auth.jwt.algorithm: ")
                            .contains("; auth.jwt.secret: is 18 bytes", "; auth.jwt.issuer: must not be blank",
                                    "; auth.jwt.access-ttl: ", "; auth.db.pool-size: ", "; auth.default-roles: ")
                            .doesNotContain("tooShortSecret-123");
                });
    }

    @Test
    void buildWhenKeyMaterialAndValuesBadThenCrossChecksReportedWithTheRest() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.url", "jdbc:postgresql://h/d")
                .set("auth.jwt.key-file", "/x.pem").set("auth.db.migrate", "yes").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems().keySet())
                        .containsExactly("auth.jwt.secret", "auth.jwt.key-file", "auth.db.migrate"));
    }

    @Test
    void fromSourcesWhenSeveralUnknownKeysThenEachNamedOnce() {
        assertThatThrownBy(() -> AuthConfig.fromSources(Map.of("auth.jwt.isuer", "x"), Map.of(),
                Map.of("auth.jwt.secert", "y", "auth.http.trusted-proxies", "10.0.0.1")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.problems().keySet()).containsExactly("auth.jwt.isuer", "auth.jwt.secert");
                    assertThat(e.getMessage()).contains("known keys: ").contains("auth.jwt.issuer");
                });
    }

    @Test
    void classFilesWhenReadThenConfigurationNeverRefersToTheService() throws IOException {
        for (Class<?> c : List.of(AuthConfig.class, AuthConfig.Builder.class, AuthConfig.Key.class,
                ConfigChecks.class, Roles.class, BrowserSettings.class)) {
            try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getPackageName().length() + 1)
                    + ".class")) {
                String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(constants).as(c.getName()).contains("io/github/servletauth/core/")
                        .doesNotContain("io/github/servletauth/core/AuthService");
            }
        }
    }

    @Test
    void algorithmFromNameIsCaseInsensitive() {
        assertThat(JwtAlgorithm.fromName("eddsa")).isEqualTo(JwtAlgorithm.EDDSA);
        assertThat(JwtAlgorithm.fromName("rs256")).isEqualTo(JwtAlgorithm.RS256);
        assertThatThrownBy(() -> JwtAlgorithm.fromName("none")).isInstanceOf(IllegalArgumentException.class);
    }
}
