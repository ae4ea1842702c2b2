package io.github.servletauth.core.benchmarks;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.AuthService;
import io.github.servletauth.core.IssuedTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The default password hash (PBKDF2-HMAC-SHA256, Spring's v5.8 parameters) alone, against our whole login:
 * throttle check, account lookup, the same hash, session and refresh-token rows, and a signed access token.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LoginBenchmark {
    private static final String PASSWORD = TokenFixture.PASSWORD;

    private Pbkdf2PasswordEncoder encoder;
    private String hash;
    private AuthService auth;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        encoder = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        hash = encoder.encode(PASSWORD);
        Path dir = Files.createTempDirectory("servlet-auth-bench-login");
        auth = AuthService.create(AuthConfig.builder().set("auth.data-dir", dir.toString()).build());
        auth.register("bench", PASSWORD, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        auth.close();
    }

    @Benchmark
    public boolean hashAlone() {
        return encoder.matches(PASSWORD, hash);
    }

    @Benchmark
    public IssuedTokens login() {
        return auth.login("bench", PASSWORD);
    }
}
