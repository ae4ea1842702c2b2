package io.github.servletauth.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys of the token cache and of bounded password hashing. */
class AuthConfigPerformanceKeysTest {

    static AuthConfig.Builder base() {
        return AuthConfig.builder().set("auth.data-dir", "/tmp/unused-servlet-auth");
    }

    @Test
    void defaultsWhenUnsetThenTenThousandTokensCoresThreadsTwoSeconds() {
        AuthConfig c = base().build();

        assertThat(c.tokenCacheSize()).isEqualTo(10_000).isEqualTo(AuthConfig.DEFAULT_TOKEN_CACHE_SIZE);
        assertThat(c.passwordHashThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.passwordHashQueueTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void valuesWhenSetThroughSourcesThenRead() {
        AuthConfig c = AuthConfig.fromSources(Map.of(), Map.of("AUTH_PASSWORD_HASH_THREADS", "3"),
                Map.of("auth.jwt.cache-size", "0", "auth.password.hash-queue-timeout", "pt0.5s")).build();

        assertThat(c.tokenCacheSize()).isZero();
        assertThat(c.passwordHashThreads()).isEqualTo(3);
        assertThat(c.passwordHashQueueTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void buildWhenValuesOutOfRangeThenConfigurationExceptionNamingKey() {
        Map<String, String> bad = Map.of("auth.jwt.cache-size", "-1", "auth.password.hash-threads", "0",
                "auth.password.hash-queue-timeout", "PT2M");
        bad.forEach((key, value) -> assertThatThrownBy(() -> base().set(key, value).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo(key)));
        assertThatThrownBy(() -> base().set("auth.jwt.cache-size", "lots").build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.getMessage()).contains("whole number"));
    }
}
