package io.github.servletauth.example.load;

import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the median time of one default password hash check (PBKDF2, Spring's v5.8 parameters) on one
 * thread, in milliseconds: the "hash time" that login throughput is compared with in {@code load.sh}. A test
 * class of this module (never in the WAR), compiled by every build so that the load script cannot rot.
 */
public final class HashTimer {
    private static final String PASSWORD = "correct horse battery staple";

    private HashTimer() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        Pbkdf2PasswordEncoder encoder = Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8();
        String hash = encoder.encode(PASSWORD);
        for (int i = 0; i < 5; i++) {
            encoder.matches(PASSWORD, hash);
        }
        long[] nanos = new long[21];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            encoder.matches(PASSWORD, hash);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.println(String.format(Locale.ROOT, "%.1f", nanos[nanos.length / 2] / 1e6));
    }
}
