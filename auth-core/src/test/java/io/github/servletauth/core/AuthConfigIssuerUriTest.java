package io.github.servletauth.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The keys of a webapp verifying another issuer's tokens ({@code auth.jwt.issuer-uri} and its claim mapping): what
 * must go with it, what cannot, and that every key at fault is named at once.
 */
class AuthConfigIssuerUriTest {
    private static final String KEYCLOAK = "https://sso.example.org/realms/staff";

    private static AuthConfig.Builder keycloak() {
        return AuthConfig.builder().set("auth.jwt.issuer-uri", KEYCLOAK).set("auth.jwt.algorithm", "RS256")
                .set("auth.jwt.audience", "legacy-app");
    }

    @Test
    void issuerUriWhenCompleteThenItIsTheIssuerAndTheMappingIsRead() {
        AuthConfig config = keycloak().set("auth.jwt.algorithm", "RS256, PS256,ES384")
                .set("auth.jwt.username-claim", "preferred_username").set("auth.jwt.roles-claim", "realm_access.roles")
                .set("auth.jwt.typ", "at+jwt").build();

        assertThat(config.issuerUri()).contains(URI.create(KEYCLOAK));
        assertThat(config.issuer()).isEqualTo(KEYCLOAK);
        assertThat(config.jwtAlgorithms()).containsExactlyInAnyOrder(JwtAlgorithm.RS256, JwtAlgorithm.PS256,
                JwtAlgorithm.ES384);
        assertThat(config.jwtAlgorithm()).isEqualTo(JwtAlgorithm.RS256);
        assertThat(config.usernameClaim()).isEqualTo("preferred_username");
        assertThat(config.rolesClaim()).contains("realm_access.roles");
        assertThat(config.requiresAtJwtType()).isTrue();
    }

    @Test
    void issuerUriWhenMappingLeftOutThenSubjectIsTheUsernameNoRolesAndTypOptional() {
        AuthConfig config = keycloak().build();

        assertThat(config.usernameClaim()).isEqualTo("sub");
        assertThat(config.rolesClaim()).isEmpty();
        assertThat(config.requiresAtJwtType()).isFalse();
    }

    @Test
    void issuerUriWhenAlgorithmAndAudienceLeftToDefaultsThenBothNamedAtOnce() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.issuer-uri", KEYCLOAK).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("auth.jwt.algorithm", "auth.jwt.audience"));
    }

    @Test
    void issuerUriWhenCombinedWithOtherKeySourcesOrAnIssuerThenEachNamed() {
        assertThatThrownBy(() -> keycloak().set("auth.jwt.jwks-url", "https://sso.example.org/certs")
                .set("auth.jwt.key-file", "/etc/keys.json").set("auth.jwt.issuer", "servlet-auth")
                .set("auth.jwt.secret", AuthConfigTest.SECRET).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("auth.jwt.jwks-url", "auth.jwt.key-file", "auth.jwt.issuer", "auth.jwt.secret"));
    }

    @Test
    void issuerUriWhenNotAnHttpIssuerIdentifierThenRefusedNamingIt() {
        for (String bad : new String[]{"sso.example.org/realms/staff", "file:///etc/passwd",
                "https://sso.example.org/realms/staff?x=1", "https://sso.example.org/realms/staff#f"}) {
            assertThatThrownBy(() -> keycloak().set("auth.jwt.issuer-uri", bad).build()).as(bad)
                    .isInstanceOfSatisfying(ConfigurationException.class,
                            e -> assertThat(e.key()).isEqualTo("auth.jwt.issuer-uri"));
        }
    }

    @Test
    void algorithmWhenHs256ListedWithIssuerUriThenRefused() {
        assertThatThrownBy(() -> keycloak().set("auth.jwt.algorithm", "RS256,HS256").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("auth.jwt.algorithm").hasValueSatisfying(
                                new org.assertj.core.api.Condition<>(m -> m.contains("shared secret"), "names why")));
    }

    @Test
    void algorithmWhenListOrVerifyOnlyWithoutIssuerUriThenRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "RS256,ES256")
                .set("auth.jwt.key-file", dir.resolve("k.json").toString()).build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems()).containsOnlyKeys("auth.jwt.algorithm"));
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.algorithm", "RS384")
                .set("auth.jwt.key-file", dir.resolve("k.json").toString()).build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems().get("auth.jwt.algorithm"))
                        .contains("auth.jwt.issuer-uri"));
        assertThatThrownBy(() -> keycloak().set("auth.jwt.algorithm", "RS256,rs256").build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.problems().get("auth.jwt.algorithm")).contains("twice"));
    }

    @Test
    void claimMappingWhenWithoutIssuerUriThenEveryMappingKeyNamed() {
        assertThatThrownBy(() -> AuthConfig.builder().set("auth.jwt.secret", AuthConfigTest.SECRET)
                .set("auth.jwt.username-claim", "preferred_username").set("auth.jwt.roles-claim", "groups")
                .set("auth.jwt.typ", "optional").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("auth.jwt.username-claim", "auth.jwt.roles-claim", "auth.jwt.typ"));
        assertThat(AuthConfig.builder().set("auth.jwt.secret", AuthConfigTest.SECRET).set("auth.jwt.typ", "AT+JWT")
                .build().requiresAtJwtType()).as("what our own tokens carry anyway").isTrue();
    }

    @Test
    void claimMappingWhenMalformedThenRefusedNamingTheKey() {
        assertThatThrownBy(() -> keycloak().set("auth.jwt.roles-claim", "realm_access..roles")
                .set("auth.jwt.typ", "jwt").set("auth.jwt.username-claim", " ").build())
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("auth.jwt.roles-claim", "auth.jwt.typ", "auth.jwt.username-claim"));
    }

    @Test
    void forWebappWhenItNamesAnIssuerUriThenTheEnvironmentsKeySourcesAndIssuerAreIgnored() {
        // the environment of the accounts webapp in the same container
        Map<String, String> environment = Map.of("AUTH_JWT_SECRET", AuthConfigTest.SECRET,
                "AUTH_JWT_ISSUER", "https://accounts.example.org", "AUTH_JWT_JWKS_URL", "https://x.example/jwks");

        AuthConfig config = AuthConfig.forWebapp(Map.of(), environment, Map.of("auth.jwt.issuer-uri", KEYCLOAK,
                "auth.jwt.algorithm", "RS256", "auth.jwt.audience", "legacy-app")).build();

        assertThat(config.issuer()).isEqualTo(KEYCLOAK);
        assertThat(config.jwtSecret()).isEmpty();
        assertThat(config.jwksUrl()).isEmpty();
    }

    @Test
    void forWebappWhenItNamesAJwksUrlThenAnIssuerUriOfTheEnvironmentIsIgnored() {
        AuthConfig config = AuthConfig.forWebapp(Map.of(), Map.of("AUTH_JWT_ISSUER_URI", KEYCLOAK),
                Map.of("auth.jwt.algorithm", "ES256", "auth.jwt.jwks-url", "https://accounts.example.org/auth/jwks"))
                .build();

        assertThat(config.issuerUri()).isEmpty();
    }

    @Test
    void authServiceWhenIssuerUriSetThenRefusedNamingIt(@TempDir Path dir) {
        AuthConfig config = keycloak().set("auth.data-dir", dir.toString()).build();

        assertThatThrownBy(() -> AuthService.create(config)).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.key()).isEqualTo("auth.jwt.issuer-uri"));
    }
}
