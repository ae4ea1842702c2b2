package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.JwtVerifier;
import io.github.servletauth.core.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which verifier accepts a high-s ES256 signature, through the public API: {@link AuthService} verifies only its
 * own low-s tokens, {@link JwtVerifier} accepts its peers' either way; both refuse a respelled signature.
 */
class LowSPolicyTest {
    @TempDir
    Path dir;

    @Test
    void verifyWhenEs256HighSThenAuthServiceRefusesAndJwtVerifierAccepts() throws Exception {
        KeyPair pair = TestKeys.generate(JwtAlgorithm.ES256);
        Path signing = TestKeys.write(dir, "signing.pem", TestKeys.pem(pair));
        Path publicOnly = TestKeys.write(dir, "public.pem", TestKeys.block("PUBLIC KEY", pair.getPublic().getEncoded()));
        try (AuthService auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .set("auth.jwt.algorithm", "ES256").set("auth.jwt.key-file", signing.toString()).build());
             JwtVerifier verifier = JwtVerifier.fromSources(java.util.Map.of("auth.jwt.algorithm", "ES256",
                     "auth.jwt.key-file", publicOnly.toString()))) {
            // several tokens, so that the issuer's normalisation of s is met whichever s the JDK drew
            for (int i = 0; i < 8; i++) {
                String issued = auth.register("user" + i, "correct horse battery staple", null).accessToken();
                BigInteger[] rs = TokenSignatureRulesTest.rs(issued);
                String high = TokenSignatureRulesTest.withSignature(issued, rs[0], TokenSignatureRulesTest.N
                        .subtract(rs[1]));
                int sig = issued.lastIndexOf('.') + 1;
                String respelled = issued.substring(0, sig) + TokenSignatureRulesTest.nonCanonical(issued.substring(sig));

                assertThat(auth.verify(issued).username()).isEqualTo("user" + i);
                assertThat(verifier.verify(issued).username()).isEqualTo("user" + i);
                assertThatThrownBy(() -> auth.verify(high)).isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE));
                // its peers' signers (an older version of this library, Keycloak, ...) do not normalise s
                assertThat(verifier.verify(high).username()).isEqualTo("user" + i);
                for (TokenVerifier v : List.of(auth.tokenVerifier(), verifier)) {
                    assertThatThrownBy(() -> v.verify(respelled)).isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.BAD_SIGNATURE));
                }
            }
        }
    }
}
