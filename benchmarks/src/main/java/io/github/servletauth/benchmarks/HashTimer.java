package io.github.servletauth.benchmarks;

import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the median time of one default password hash check (PBKDF2, Spring's v5.8 parameters) on one
 * thread, in milliseconds: the "hash time" that login throughput is compared with in {@code load.sh}.
 */
public final class HashTimer {
    private HashTimer() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        Pbkdf2PasswordEncoder encoder = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        String hash = encoder.encode(TokenFixture.PASSWORD);
        for (int i = 0; i < 5; i++) {
            encoder.matches(TokenFixture.PASSWORD, hash);
        }
        long[] nanos = new long[21];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            encoder.matches(TokenFixture.PASSWORD, hash);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.println(String.format(Locale.ROOT, "%.1f", nanos[nanos.length / 2] / 1e6));
    }
}
