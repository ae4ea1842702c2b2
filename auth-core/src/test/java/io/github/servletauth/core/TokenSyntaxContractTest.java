package io.github.servletauth.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TokenVerifier#checksCompactSyntax()} lets the servlet layer skip its own character check of every
 * token, so the verifiers claiming it must really refuse everything outside the compact JWS syntax as
 * {@code MALFORMED}: with a warm cache, for near-misses of a token they verified, and before any key is known.
 */
class TokenSyntaxContractTest {

    @TempDir
    Path dir;

    /** Strings outside the compact JWS syntax; some are RFC 6750 b64tokens, some not even that. */
    static List<String> malformed(String valid) {
        List<String> out = new ArrayList<>(List.of("", "a", "a.b", "a.b.c.d", "..", "a..c", ".b.c", "a b.c.d",
                "a.b.c d", "a\tb.c.d", "a~b.c.d", "a+b.c.d", "a/b.c.d", "a.b.c=", "a.b.c==", "a\"b.c.d",
                "a,b.c.d", "a.b\u00e9.c", "a.b.c\u0000", "a.b.\u2028", "\uFF41.b.c", "a.b.c\n"));
        int dot = valid.indexOf('.');
        out.add(valid + "=");
        out.add(valid + ".");
        out.add(valid + " ");
        out.add(" " + valid);
        out.add(valid.substring(0, dot) + "~" + valid.substring(dot + 1));
        out.add(valid.replace('.', '~'));
        out.add(valid.substring(0, valid.length() - 1) + "\u00c4");
        out.add(valid.substring(0, dot) + "." + valid);
        return out;
    }

    static void assertAllMalformed(TokenVerifier verifier, String valid) {
        assertThat(verifier.checksCompactSyntax()).isTrue();
        for (String s : malformed(valid)) {
            assertThatThrownBy(() -> verifier.verify(s)).as("%s", s).isInstanceOfSatisfying(
                    InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.MALFORMED));
        }
    }

    @Test
    void authServiceVerifierWhenNotCompactJwsThenMalformedEvenWithTokenCached() {
        try (AuthService auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .build())) {
            String token = auth.register("alice", AuthServiceContract.PASSWORD, null).accessToken();
            TokenVerifier verifier = auth.tokenVerifier();
            assertThat(verifier.verify(token).username()).isEqualTo("alice");

            assertAllMalformed(verifier, token);
            assertThat(verifier.verify(token).username()).isEqualTo("alice");
        }
    }

    @Test
    void jwtVerifierWithSecretWhenNotCompactJwsThenMalformed() {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String secret = "base64:" + Base64.getEncoder().encodeToString(random);
        try (AuthService auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.jwt.secret", secret).build());
             JwtVerifier verifier = JwtVerifier.fromSources(Map.of("auth.jwt.secret", secret))) {
            String token = auth.register("bob", AuthServiceContract.PASSWORD, null).accessToken();
            assertThat(verifier.verify(token).username()).isEqualTo("bob");

            assertAllMalformed(verifier, token);
        }
    }

    @Test
    void jwtVerifierWithJwksUrlWhenNoKeysYetThenMalformedNotUnknownKey() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             AuthService issuer = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                     .build());
             JwtVerifier verifier = JwtVerifier.fromSources(Map.of("auth.jwt.algorithm", "ES256",
                     "auth.jwt.jwks-url", "http://127.0.0.1:" + silent.getLocalPort() + "/jwks"))) {
            String token = issuer.register("carol", AuthServiceContract.PASSWORD, null).accessToken();

            assertAllMalformed(verifier, token);
            // a well-formed token (any will do: no key is known) is a different case
            assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidTokenException.class,
                    e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN_KEY));
        }
    }

    @Test
    void customVerifierByDefaultDoesNotClaimToCheckSyntax() {
        TokenVerifier custom = token -> {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_SIGNATURE);
        };
        assertThat(custom.checksCompactSyntax()).isFalse();
    }
}
