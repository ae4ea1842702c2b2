package io.github.servletauth.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code auth.db.jndi-name}: the accounts in a DataSource the container pools. */
class AuthConfigJndiNameTest {
    private static final String SECRET = "a secret that is long enough for HS256, 48+ bytes";

    @Test
    void jndiNameWhenSetWithSecretThenReadAndNotEmbedded() {
        AuthConfig c = AuthConfig.fromSources(Map.of(), Map.of("AUTH_DB_JNDI_NAME", " java:comp/env/jdbc/accounts "),
                Map.of("auth.jwt.secret", SECRET)).build();

        assertThat(c.databaseJndiName()).contains("java:comp/env/jdbc/accounts");
        assertThat(c.databaseUrl()).isEmpty();
        assertThat(c.usesEmbeddedDatabase()).isFalse();
    }

    @Test
    void jndiNameWhenUnsetThenEmpty() {
        assertThat(AuthConfig.builder().build().databaseJndiName()).isEmpty();
    }

    @Test
    void jndiNameWhenHs256WithoutSecretThenSecretRequired() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.jndi-name", "java:comp/env/jdbc/accounts").build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.jwt.secret"))
                .hasMessageContaining("auth.db.jndi-name");
    }

    @Test
    void jndiNameWhenBlankThenRefusedNamingIt() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.db.jndi-name", " ").set("auth.jwt.secret", SECRET)
                .build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.key()).isEqualTo("auth.db.jndi-name"));
    }

    @Test
    void jndiNameWhenCombinedWithWhatTheContainerPoolSetsThenRefusedNamingThatKey() {
        Map<String, String> pooled = Map.of("auth.db.url", "jdbc:postgresql://db/app", "auth.db.username", "app",
                "auth.db.password", "not logged", "auth.db.pool-size", "5", "auth.db.connect-timeout", "PT2S");
        pooled.forEach((key, value) -> assertThatThrownBy(() -> AuthConfig.builder()
                .set("auth.db.jndi-name", "java:comp/env/jdbc/accounts").set("auth.jwt.secret", SECRET)
                .set(key, value).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageContaining("auth.db.jndi-name")
                .hasMessageNotContaining("not logged"));
    }
}
