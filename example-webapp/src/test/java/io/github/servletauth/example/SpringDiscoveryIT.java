package io.github.servletauth.example;

import io.github.servletauth.example.ContainerProcess.Kind;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real, independent resource server finds the example WAR's keys from its issuer URL alone: Spring Security's
 * {@code JwtDecoders.fromIssuerLocation}, configured as the README says, against the WAR as the root webapp of a
 * real Tomcat 10.1, configured through the environment (RS256 with its own key file, {@code AUTH_JWT_ISSUER} the
 * container's own URL), decodes a token the WAR's API issued.
 */
class SpringDiscoveryIT {

    private static final Path WORK = Path.of(System.getProperty("example.work", "target/it"));

    @Test
    void springJwtDecodersWhenGivenOnlyTheWarsIssuerUrlThenItsTokensDecodeWithSubjectUsernameAndRoles()
            throws Exception {
        Path work = Files.createDirectories(WORK.resolve("spring-discovery-" + System.nanoTime()));
        Path keyFile = rsaKeyFile(work.resolve("jwt-keys.json"));
        try (ContainerProcess tomcat = ContainerProcess.start(Kind.TOMCAT_10, port -> Map.of(
                "AUTH_DATA_DIR", work.resolve("data").toString(), "AUTH_JWT_ALGORITHM", "RS256",
                "AUTH_JWT_KEY_FILE", keyFile.toString(), "AUTH_JWT_ISSUER", "http://127.0.0.1:" + port), work)) {
            String issuer = "http://127.0.0.1:" + tomcat.port();
            Api accounts = new Api(tomcat.baseUri());
            String username = AuthFlow.newUsername();
            HttpResponse<String> registered = accounts.post("auth/register",
                    Map.of("username", username, "password", "a resource server's passphrase"), null);
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            long userId = ((Number) Api.json(registered).get("user_id")).longValue();
            HttpResponse<String> login = accounts.post("auth/login",
                    Map.of("username", username, "password", "a resource server's passphrase"), null);
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String token = (String) Api.json(login).get("token");
            assertThat(Api.json(accounts.get(".well-known/openid-configuration", null)))
                    .containsEntry("issuer", issuer).containsEntry("jwks_uri", issuer + "/auth/jwks")
                    .containsEntry("servlet_auth_revocations_uri", issuer + "/auth/revocations");

            // the README's Spring configuration (root README, "Our issuer by its URL")
            NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer),
                    new JwtAudienceValidator("servlet-auth"), new JwtTypeValidator("at+jwt")));
            Jwt jwt = decoder.decode(token);

            assertThat(jwt.getIssuer()).hasToString(issuer);
            assertThat(jwt.getSubject()).isEqualTo(String.valueOf(userId));
            assertThat(jwt.getClaimAsString("username")).isEqualTo(username);
            assertThat(jwt.getClaimAsStringList("roles")).containsExactly("user");
            assertThat(jwt.getHeaders()).containsEntry("alg", "RS256").containsEntry("typ", "at+jwt");
            assertThatThrownBy(() -> decoder.decode(token.substring(0, token.length() - 4) + "AAAA"))
                    .as("a forged signature").isInstanceOf(JwtException.class);
            assertThat(tomcat.log()).doesNotContain(token);
        }
    }

    private static Path rsaKeyFile(Path file) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("spring-it-1");
        Files.writeString(file, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return file;
    }
}
