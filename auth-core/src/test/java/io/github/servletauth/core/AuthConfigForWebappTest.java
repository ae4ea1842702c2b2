package io.github.servletauth.core;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link AuthConfig#forWebapp}: in a container hosting several webapps, a webapp's own params win, and the
 * environment fills in only what it leaves unset, never a key source beside the one it names.
 */
class AuthConfigForWebappTest {
    private static final String SECRET = AuthConfigTest.SECRET;

    @Test
    void forWebappWhenOwnParamNamesTheIssuerThenNeitherSystemPropertyNorEnvironmentReplacesIt() {
        AuthConfig config = AuthConfig.forWebapp(Map.of("auth.jwt.issuer", "https://sys.example"),
                Map.of("AUTH_JWT_ISSUER", "https://env.example", "AUTH_JWT_SECRET", SECRET),
                Map.of("auth.jwt.issuer", "https://reports.example")).build();
        assertThat(config.issuer()).isEqualTo("https://reports.example");
    }

    @Test
    void forWebappWhenKeysLeftUnsetThenSystemPropertiesThenEnvironmentFillThemIn() {
        AuthConfig config = AuthConfig.forWebapp(Map.of("auth.jwt.audience", "sys-audience"),
                Map.of("AUTH_JWT_AUDIENCE", "env-audience", "AUTH_JWT_ISSUER", "env-issuer",
                        "AUTH_JWT_SECRET", SECRET),
                Map.of()).build();
        assertThat(config.audience()).isEqualTo("sys-audience");
        assertThat(config.issuer()).isEqualTo("env-issuer");
        assertThat(config.jwtSecret()).isPresent();
    }

    @Test
    void forWebappWhenItNamesAJwksUrlThenTheEnvironmentsKeyFileAndSecretAreIgnored() {
        // the accounts webapp's environment in a shared container: its private key file and its secret
        Map<String, String> environment = Map.of("AUTH_JWT_ALGORITHM", "RS256",
                "AUTH_JWT_KEY_FILE", "/etc/accounts/jwt-keys.json", "AUTH_JWT_SECRET", SECRET,
                "AUTH_JWT_KEY_ID", "accounts-1");
        AuthConfig config = AuthConfig.forWebapp(Map.of(), environment,
                Map.of("auth.jwt.jwks-url", "https://accounts.example.org/auth/jwks")).build();
        assertThat(config.jwksUrl()).isPresent();
        assertThat(config.raw("auth.jwt.key-file")).isEmpty();
        assertThat(config.raw("auth.jwt.key-id")).isEmpty();
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.jwtAlgorithm()).isEqualTo(JwtAlgorithm.RS256); // not a key source: still filled in
    }

    @Test
    void forWebappWhenItNamesNoKeySourceThenTheEnvironmentsSecretApplies() {
        AuthConfig config = AuthConfig.forWebapp(Map.of(), Map.of("AUTH_JWT_SECRET", SECRET),
                Map.of("auth.jwt.algorithm", "HS256", "auth.jwt.issuer", "reports")).build();
        assertThat(config.jwtSecret()).isPresent();
    }

    @Test
    void fromSourcesKeepsItsOrderForCodeThatReadsTheEnvironmentFirst() {
        AuthConfig config = AuthConfig.fromSources(Map.of(), Map.of("AUTH_JWT_ISSUER", "env-issuer",
                "AUTH_JWT_SECRET", SECRET), Map.of("auth.jwt.issuer", "fallback-issuer")).build();
        assertThat(config.issuer()).isEqualTo("env-issuer");
    }

    @Test
    void forWebappWhenOwnParamsNameAnUnknownKeyThenRefusedNamingIt() {
        assertThatThrownBy(() -> AuthConfig.forWebapp(Map.of(), Map.of(), Map.of("auth.jwt.isuser", "x")))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.getMessage()).contains("auth.jwt.isuser"));
    }
}
