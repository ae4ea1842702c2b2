package io.github.servletauth.core.benchmarks;

import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One access token issued by the library, verified five ways: the raw signature check alone (the floor),
 * jose4j's {@code JwtConsumer} with iss/aud/exp checks, and our {@code AuthService.verify} with the token
 * cache off (every token seen for the first time) and on (the same token again, as clients send it).
 * {@link NimbusBenchmark} adds Spring Security's decoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenVerificationBenchmark {

    @Param({"HS256", "RS256", "ES256", "EdDSA"})
    public String alg;

    private TokenFixture fixture;
    private String token;
    private JwtConsumer jose4j;
    private Mac mac;
    private Signature signature;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = new TokenFixture(alg);
        token = fixture.token;
        JwtConsumerBuilder b = new JwtConsumerBuilder().setRequireExpirationTime().setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(TokenFixture.ISSUER).setExpectedAudience(TokenFixture.AUDIENCE)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, fixture.algorithm.jwsName());
        if (fixture.algorithm == JwtAlgorithm.HS256) {
            b.setVerificationKey(new HmacKey(fixture.secret));
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(fixture.secret, "HmacSHA256"));
        } else {
            b.setVerificationKey(fixture.publicKey);
            signature = Signature.getInstance(switch (fixture.algorithm) {
                case RS256 -> "SHA256withRSA";
                case ES256 -> "SHA256withECDSAinP1363Format";
                default -> "Ed25519";
            });
        }
        jose4j = b.build();
        // every path must accept the token, or the numbers compare failures
        if (!floor() || jose4j().getSubject() == null || oursFirstSeen().userId() != oursRepeated().userId()) {
            throw new IllegalStateException("a verifier refused the benchmark token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** The signature check alone over the signing input: what no verifier can beat without a cache. */
    @Benchmark
    public boolean floor() throws GeneralSecurityException {
        int dot = token.lastIndexOf('.');
        byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        if (mac != null) {
            return MessageDigest.isEqual(mac.doFinal(input), presented);
        }
        signature.initVerify(fixture.publicKey);
        signature.update(input);
        return signature.verify(presented);
    }

    @Benchmark
    public JwtClaims jose4j() throws InvalidJwtException {
        return jose4j.processToClaims(token);
    }

    @Benchmark
    public VerifiedToken oursFirstSeen() {
        return fixture.uncached.verify(token);
    }

    @Benchmark
    public VerifiedToken oursRepeated() {
        return fixture.cached.verify(token);
    }
}
