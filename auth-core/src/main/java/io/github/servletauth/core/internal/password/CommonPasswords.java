package io.github.servletauth.core.internal.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The bundled list of common passwords ({@code common-passwords.txt}: the 30,000 most frequent passwords of
 * zxcvbn 4.4.2, MIT), loaded on first use.
 */
final class CommonPasswords {
    static final String RESOURCE = "common-passwords.txt";

    private CommonPasswords() {
    }

    /**
     * @param folded a password in the form of {@link Usernames#fold(String)} (the list is lower-case ASCII)
     * @return whether it is on the list
     */
    static boolean contains(String folded) {
        return Holder.PASSWORDS.contains(folded);
    }

    /** @return how many entries are kept in memory: those long enough to pass the length rule */
    static int size() {
        return Holder.PASSWORDS.size();
    }

    /** The class is initialised, and the file read, once, on the first lookup; the JVM makes that thread-safe. */
    private static final class Holder {
        static final Set<String> PASSWORDS = load();
    }

    private static Set<String> load() {
        InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the auth-core jar");
        }
        // about 11,600 of the 30,000 entries are long enough to matter; shorter ones are refused by length anyway
        Set<String> passwords = new HashSet<>(16_384);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.startsWith("#")
                        && line.codePointCount(0, line.length()) >= PasswordPolicy.MIN_LENGTH) {
                    passwords.add(Usernames.fold(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return Set.copyOf(passwords);
    }
}
