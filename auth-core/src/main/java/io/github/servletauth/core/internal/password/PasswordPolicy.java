package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.PasswordRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules a new password must pass (on register and password change, never on login), after NIST SP 800-63B:
 * a minimum length, a generous maximum, no composition rules, not the username, not a common password, then the
 * application's own {@link PasswordRule}s. Passwords are checked exactly as typed: never trimmed or re-cased.
 * Thread-safe.
 */
public final class PasswordPolicy {
    /** In code points, so a password of emoji or CJK is measured as the user sees it. */
    static final int MIN_LENGTH = 8;
    /** In UTF-16 chars: checked before anything else, so a huge body is refused without looking at it. */
    static final int MAX_LENGTH = 1024;
    /** bcrypt reads only this many bytes of the UTF-8 password; the rest would be silently ignored. */
    static final int BCRYPT_MAX_BYTES = 72;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordPolicy.class);
    private static final String FIELD = "password";

    private final boolean bcrypt;
    private final List<PasswordRule> extraRules;

    /**
     * @param algorithm the hashing algorithm for new hashes ({@code pbkdf2}, {@code bcrypt} or {@code argon2});
     *                  with bcrypt, passwords over 72 UTF-8 bytes are refused
     * @param extraRules rules run in order after the built-in ones
     */
    public PasswordPolicy(String algorithm, List<PasswordRule> extraRules) {
        Objects.requireNonNull(algorithm, "algorithm");
        this.bcrypt = PasswordHasher.BCRYPT.equals(algorithm.trim().toLowerCase(Locale.ROOT));
        this.extraRules = List.copyOf(Objects.requireNonNull(extraRules, "extraRules"));
    }

    /**
     * Checks a candidate password.
     *
     * @param usernameKey the account's username key ({@link Usernames#key(String)}); empty if unknown
     * @param password the password exactly as typed
     * @throws InvalidInputException with field {@code password} and every reason found
     */
    public void check(String usernameKey, String password) {
        if (password == null) {
            throw refused(List.of("is required"));
        }
        if (password.length() > MAX_LENGTH) {
            throw refused(List.of("must be at most " + MAX_LENGTH + " characters"));
        }
        List<String> reasons = new ArrayList<>();
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            reasons.add("must be at least " + MIN_LENGTH + " characters");
        }
        if (bcrypt && PasswordHasher.utf8Length(password) > BCRYPT_MAX_BYTES) {
            reasons.add("must be at most " + BCRYPT_MAX_BYTES
                    + " bytes in UTF-8, because bcrypt would ignore the rest");
        }
        // a password of the wrong length is refused whatever else is true; the rest is not worth computing
        if (!reasons.isEmpty()) {
            throw refused(reasons);
        }
        String username = usernameKey == null ? "" : usernameKey;
        String folded = Usernames.fold(password);
        if (!username.isEmpty() && (folded.equals(username) || folded.equals(Usernames.fold(username)))) {
            reasons.add("must not be the username");
        }
        if (CommonPasswords.contains(folded)) {
            reasons.add("is too common");
        }
        for (PasswordRule rule : extraRules) {
            runRule(rule, username, password).ifPresent(reasons::add);
        }
        if (!reasons.isEmpty()) {
            throw refused(reasons);
        }
    }

    private static Optional<String> runRule(PasswordRule rule, String usernameKey, String password) {
        try {
            Optional<String> reason = rule.refuse(usernameKey, password);
            if (reason == null) {
                LOG.warn("Password rule {} returned null instead of an Optional; treated as a pass",
                        rule.getClass().getName());
                return Optional.empty();
            }
            // a rule that refuses without saying why still refuses
            return reason.map(r -> r.isBlank() ? "is not allowed" : r);
        } catch (RuntimeException e) {
            // a breached-password service being down must not stop registrations. Only class names are logged:
            // the exception's message comes from the rule and might quote the password.
            LOG.warn("Password rule {} failed with {}; treated as a pass", rule.getClass().getName(),
                    e.getClass().getName());
            return Optional.empty();
        }
    }

    private static InvalidInputException refused(List<String> reasons) {
        return new InvalidInputException(Map.of(FIELD, reasons));
    }
}
