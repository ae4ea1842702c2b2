package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.ServiceBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Hashes and verifies passwords with spring-security-crypto, storing {@code {id}hash} so the algorithm can change
 * later: hashes made with an older algorithm or cost still verify and are reported for upgrade.
 *
 * <p>Known ids: {@code pbkdf2@SpringSecurity_v5_8} (the default for new hashes), {@code pbkdf2} (Spring's older
 * parameters), {@code bcrypt}, and {@code argon2@SpringSecurity_v5_8} / {@code argon2} when BouncyCastle is on the
 * classpath. Plain text ({@code noop}) and the old digest ids never match. Thread-safe.
 *
 * <p>At most {@code hashThreads} hashes run at once (see {@link HashingSlots}); a call that cannot get a slot
 * within the queue timeout throws {@link ServiceBusyException} without hashing.
 */
public final class PasswordHasher {
    static final String PBKDF2 = "pbkdf2";
    static final String BCRYPT = "bcrypt";
    static final String ARGON2 = "argon2";
    static final String PBKDF2_ID = "pbkdf2@SpringSecurity_v5_8";
    static final String ARGON2_ID = "argon2@SpringSecurity_v5_8";

    /**
     * bcrypt cost 10 (Spring's default, OWASP's minimum): about 80 ms per hash on a 2-core server, the same budget
     * as the PBKDF2 default (about 100 ms). Cost 12 would take about 330 ms, quadrupling the CPU an attacker can
     * make us spend per login request. Raising it later is safe: older hashes are upgraded on login.
     */
    static final int BCRYPT_COST = 10;

    private static final String ALGORITHM_KEY = "auth.password.algorithm";
    private static final String BOUNCY_CASTLE_PROBE = "org.bouncycastle.crypto.params.Argon2Parameters";
    private static final Pattern PRINTABLE_ID = Pattern.compile("[A-Za-z0-9@._-]{1,40}");
    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);

    /** Result of a verification. */
    public record Match(boolean matches, boolean needsUpgrade) {
        static final Match NONE = new Match(false, false);
    }

    private final String encodeId;
    private final Map<String, PasswordEncoder> encoders;
    private final PasswordEncoder delegating;
    private final HashingSlots slots;
    private volatile String dummyHash;

    /**
     * With one hashing slot per available processor and a queue timeout of 2 s.
     *
     * @param algorithm the algorithm for new hashes: {@code pbkdf2}, {@code bcrypt} or {@code argon2}
     * @throws ConfigurationException naming {@code auth.password.algorithm} if the algorithm is unknown, or is
     *                                argon2 without BouncyCastle on the classpath
     */
    public PasswordHasher(String algorithm) {
        this(algorithm, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(2));
    }

    /**
     * @param algorithm the algorithm for new hashes: {@code pbkdf2}, {@code bcrypt} or {@code argon2}
     * @param hashThreads how many hashes may run at once ({@code auth.password.hash-threads})
     * @param queueTimeout how long a call waits for a slot ({@code auth.password.hash-queue-timeout})
     * @throws ConfigurationException naming {@code auth.password.algorithm} if the algorithm is unknown, or is
     *                                argon2 without BouncyCastle on the classpath
     */
    @SuppressWarnings("deprecation") // the older PBKDF2 parameters stay, only to verify (and upgrade) old hashes
    public PasswordHasher(String algorithm, int hashThreads, Duration queueTimeout) {
        Objects.requireNonNull(algorithm, "algorithm");
        this.slots = new HashingSlots(hashThreads, Objects.requireNonNull(queueTimeout, "queueTimeout"));
        boolean argon2Available = isArgon2Available();
        this.encodeId = switch (algorithm.trim().toLowerCase(Locale.ROOT)) {
            case PBKDF2 -> PBKDF2_ID;
            case BCRYPT -> BCRYPT;
            case ARGON2 -> {
                if (!argon2Available) {
                    throw new ConfigurationException(ALGORITHM_KEY,
                            "argon2 needs org.bouncycastle:bcprov-jdk18on on the classpath");
                }
                yield ARGON2_ID;
            }
            default -> throw new ConfigurationException(ALGORITHM_KEY, "must be pbkdf2, bcrypt or argon2");
        };
        Map<String, PasswordEncoder> known = new HashMap<>();
        // PBKDF2-HMAC-SHA256, 310,000 iterations: every byte of the password counts, FIPS-approved, no dependency
        known.put(PBKDF2_ID, Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        known.put(PBKDF2, Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5());
        known.put(BCRYPT, new BCryptPasswordEncoder(BCRYPT_COST));
        if (argon2Available) {
            known.put(ARGON2_ID, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
            known.put(ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_2());
        }
        this.encoders = Map.copyOf(known);
        this.delegating = new DelegatingPasswordEncoder(encodeId, encoders);
    }

    /**
     * Hashes a new password (which {@link PasswordPolicy} has accepted).
     *
     * @param password the password
     * @return {@code {id}hash}
     * @throws IllegalArgumentException if the password is empty, longer than 1024 characters, or longer than
     *                                  72 UTF-8 bytes with bcrypt
     * @throws ServiceBusyException if no hashing slot was free in time
     */
    public String hash(String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
            throw new IllegalArgumentException("password must have 1 to " + PasswordPolicy.MAX_LENGTH + " characters");
        }
        if (!canHash(password)) {
            throw new IllegalArgumentException("password must be at most " + PasswordPolicy.BCRYPT_MAX_BYTES
                    + " bytes in UTF-8 with bcrypt");
        }
        return slots.run(() -> delegating.encode(password));
    }

    /**
     * Checks a password against a stored hash. Never throws for bad input: null, empty, over-long passwords and
     * unknown or malformed hashes simply do not match.
     *
     * @param password the password as typed
     * @param storedHash the stored {@code {id}hash}
     * @return whether it matches, and whether the hash should be replaced by {@link #hash(String)} of the password
     *         (older algorithm or cost)
     * @throws ServiceBusyException if no hashing slot was free in time
     */
    public Match verify(String password, String storedHash) {
        if (password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH
                || storedHash == null || storedHash.isEmpty()) {
            return Match.NONE;
        }
        String id = idOf(storedHash);
        PasswordEncoder encoder = id == null ? null : encoders.get(id);
        if (encoder == null) {
            if (id == null) {
                LOG.warn("Stored password hash has no {id} prefix; it never matches");
            } else {
                LOG.warn("Stored password hash has an unsupported algorithm id {}; it never matches",
                        PRINTABLE_ID.matcher(id).matches() ? id : "(unprintable)");
            }
            return Match.NONE;
        }
        if (BCRYPT.equals(id) && utf8Length(password) > PasswordPolicy.BCRYPT_MAX_BYTES) {
            // bcrypt would compare only the first 72 bytes and accept any password sharing them; spend the time
            // anyway so the answer does not reveal which algorithm this account's hash uses
            slots.run(() -> matchDummy(password));
            return Match.NONE;
        }
        return slots.run(() -> matches(password, storedHash, id, encoder));
    }

    private Match matches(String password, String storedHash, String id, PasswordEncoder encoder) {
        try {
            if (!delegating.matches(password, storedHash)) {
                return Match.NONE;
            }
            String hashPart = storedHash.substring(id.length() + 2);
            boolean upgrade = (!id.equals(encodeId) || encoder.upgradeEncoding(hashPart)) && canHash(password);
            return new Match(true, upgrade);
        } catch (RuntimeException e) {
            // truncated or corrupted hashes make the encoders throw IllegalArgumentException or worse
            LOG.warn("Stored password hash with algorithm id {} is malformed; it never matches", id);
            return Match.NONE;
        }
    }

    /** @return how many password hashes (new, verified or spent on unknown users) were computed so far */
    public long hashesComputed() {
        return slots.started();
    }

    /**
     * Spends the time of one verification, for unknown users: checks the password against a dummy hash made once
     * with the configured algorithm, so an unknown username costs as much as a wrong password.
     *
     * @param password the password as typed; may be null
     * @throws ServiceBusyException if no hashing slot was free in time
     */
    public void equalizeTiming(String password) {
        if (password == null || password.isEmpty() || password.length() > PasswordPolicy.MAX_LENGTH) {
            return; // verify() answers these without hashing too
        }
        slots.run(() -> matchDummy(password));
    }

    private boolean matchDummy(String password) {
        try {
            return delegating.matches(password, dummyHash());
        } catch (RuntimeException e) {
            LOG.debug("Timing equalisation failed with {}", e.getClass().getName());
            return false;
        }
    }

    /** @return the id new hashes are stored under, e.g. {@code pbkdf2@SpringSecurity_v5_8} */
    String encodeId() {
        return encodeId;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private boolean canHash(String password) {
        return !BCRYPT.equals(encodeId) || utf8Length(password) <= PasswordPolicy.BCRYPT_MAX_BYTES;
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            synchronized (this) {
                h = dummyHash;
                if (h == null) {
                    byte[] random = new byte[16];
                    new SecureRandom().nextBytes(random);
                    h = delegating.encode(Base64.getEncoder().encodeToString(random));
                    dummyHash = h;
                }
            }
        }
        return h;
    }

    /** The id between the leading braces, as DelegatingPasswordEncoder reads it; null if there is none. */
    private static String idOf(String storedHash) {
        if (!storedHash.startsWith("{")) {
            return null;
        }
        int end = storedHash.indexOf('}');
        return end < 0 ? null : storedHash.substring(1, end);
    }

    private static boolean isArgon2Available() {
        try {
            Class.forName(BOUNCY_CASTLE_PROBE, false, Argon2PasswordEncoder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
