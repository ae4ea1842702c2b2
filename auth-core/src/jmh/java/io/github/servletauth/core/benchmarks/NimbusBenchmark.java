package io.github.servletauth.core.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import io.github.servletauth.core.JwtAlgorithm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;

/**
 * Spring Security's {@code NimbusJwtDecoder}, configured to check what ours checks (signature with the one
 * algorithm, {@code typ: at+jwt}, exp/nbf, iss, aud), on the same token as {@link TokenVerificationBenchmark}.
 * No EdDSA row: Spring's decoder has no EdDSA {@code SignatureAlgorithm}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NimbusBenchmark {

    @Param({"HS256", "RS256", "ES256"})
    public String alg;

    private TokenFixture fixture;
    private NimbusJwtDecoder decoder;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new TokenFixture(alg);
        DefaultJOSEObjectTypeVerifier<SecurityContext> typ =
                new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"));
        if (fixture.algorithm == JwtAlgorithm.HS256) {
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(fixture.secret, "HmacSHA256"))
                    .validateType(false).jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(typ)).build();
        } else if (fixture.algorithm == JwtAlgorithm.RS256) {
            decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) fixture.publicKey)
                    .validateType(false).jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(typ)).build();
        } else {
            ECKey key = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) fixture.publicKey)
                    .keyID("bench-1").build();
            decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(new JWKSet(key)))
                    .jwsAlgorithm(SignatureAlgorithm.ES256)
                    .jwtProcessorCustomizer(p -> p.setJWSTypeVerifier(typ)).build();
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(new JwtTimestampValidator(),
                new JwtIssuerValidator(TokenFixture.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(TokenFixture.AUDIENCE)))));
        if (nimbus().getSubject() == null) {
            throw new IllegalStateException("NimbusJwtDecoder refused the benchmark token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public Jwt nimbus() {
        return decoder.decode(fixture.token);
    }
}
