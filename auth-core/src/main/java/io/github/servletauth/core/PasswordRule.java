package io.github.servletauth.core;

import java.util.Optional;

/**
 * A check a new password must pass, run on register and password change only (never on login). The built-in
 * rules (length, not the username, not a common password) always run first; add your own, such as a
 * breached-password lookup, with {@link AuthConfig.Builder#addPasswordRule(PasswordRule)}.
 *
 * <pre>{@code
 * PasswordRule noCompanyName = (username, password) ->
 *         password.toLowerCase(Locale.ROOT).contains("acme")
 *                 ? Optional.of("must not contain the company name") : Optional.empty();
 * }</pre>
 *
 * Implementations must be thread-safe, must not log or keep the password, and should answer quickly; a rule
 * that throws is treated as a refusal-free pass and logged (a breached-password service being down must not
 * stop registrations).
 */
@FunctionalInterface
public interface PasswordRule {

    /**
     * @param normalizedUsername the account's username in its normalised (case-folded) form
     * @param password the candidate password, exactly as typed
     * @return a reason to refuse the password (shown to the user, must not repeat the password), or empty
     */
    Optional<String> refuse(String normalizedUsername, String password);
}
