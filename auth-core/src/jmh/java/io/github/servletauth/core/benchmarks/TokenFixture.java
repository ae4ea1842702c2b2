package io.github.servletauth.core.benchmarks;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One algorithm's keys, two services sharing them (token cache on and off), and one access token issued by
 * the library exactly as a client would present it.
 */
final class TokenFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery staple";
    static final String ISSUER = "servlet-auth";
    static final String AUDIENCE = "servlet-auth";

    final JwtAlgorithm algorithm;
    final byte[] secret;
    final PublicKey publicKey;
    final PublicJsonWebKey jwk;
    final AuthService cached;
    final AuthService uncached;
    final String token;
    private final Path dir;

    TokenFixture(String algorithmName) {
        this.algorithm = JwtAlgorithm.fromName(algorithmName);
        try {
            dir = Files.createTempDirectory("servlet-auth-bench");
            Map<String, String> base = new HashMap<>();
            base.put("auth.jwt.algorithm", algorithm.jwsName());
            base.put("auth.revocation.poll-interval", "PT5M");
            if (algorithm == JwtAlgorithm.HS256) {
                secret = new byte[48];
                new SecureRandom().nextBytes(secret);
                base.put("auth.jwt.secret", "base64:" + Base64.getEncoder().encodeToString(secret));
                jwk = null;
                publicKey = null;
            } else {
                secret = null;
                jwk = generate(algorithm);
                jwk.setKeyId("bench-1");
                Path keyFile = dir.resolve("keys.jwks");
                Files.writeString(keyFile, new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                        StandardCharsets.UTF_8);
                base.put("auth.jwt.key-file", keyFile.toString());
                publicKey = jwk.getPublicKey();
            }
            cached = AuthService.create(config(base, "cached", AuthConfig.DEFAULT_TOKEN_CACHE_SIZE));
            uncached = AuthService.create(config(base, "uncached", 0));
            token = cached.register("bench", PASSWORD, null).accessToken();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private AuthConfig config(Map<String, String> base, String name, int cacheSize) {
        AuthConfig.Builder b = AuthConfig.builder();
        base.forEach(b::set);
        return b.set("auth.data-dir", dir.resolve(name).toString())
                .set("auth.jwt.cache-size", Integer.toString(cacheSize)).build();
    }

    private static PublicJsonWebKey generate(JwtAlgorithm algorithm) throws JoseException {
        return switch (algorithm) {
            case RS256 -> RsaJwkGenerator.generateJwk(2048);
            case ES256 -> EcJwkGenerator.generateJwk(EllipticCurves.P256);
            case EDDSA -> OkpJwkGenerator.generateJwk("Ed25519");
            default -> throw new IllegalArgumentException(algorithm.jwsName());
        };
    }

    @Override
    public void close() {
        cached.close();
        uncached.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
