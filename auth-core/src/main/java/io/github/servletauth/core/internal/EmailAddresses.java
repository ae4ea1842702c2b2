package io.github.servletauth.core.internal;

import io.github.servletauth.core.InvalidInputException;

import java.util.regex.Pattern;

/** The one check an email address passes wherever it enters: at registration today. */
public final class EmailAddresses {

    private static final String FIELD = "email";
    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

    private EmailAddresses() {
    }

    /**
     * @param raw the address as typed, or {@code null}
     * @return the address without surrounding whitespace, or {@code null} if none was given
     * @throws InvalidInputException naming {@code email}
     */
    public static String check(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String email = raw.strip();
        if (email.length() > MAX_LENGTH) {
            throw new InvalidInputException(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        // PostgreSQL refuses NUL outright (a driver error, not a 400), and every invisible or line-breaking
        // character would reach logs, mail headers and admin screens looking like something else
        if (!email.codePoints().allMatch(EmailAddresses::printable)) {
            throw new InvalidInputException(FIELD, "must not contain control, invisible or space characters");
        }
        if (!SHAPE.matcher(email).matches()) {
            throw new InvalidInputException(FIELD, "must be an email address such as name@example.org");
        }
        return email;
    }

    /** Refuses Cc, Cf, lone surrogates (Cs), Zs, Zl, Zp and the noncharacters. */
    private static boolean printable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.SPACE_SEPARATOR,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                return false;
            }
            default -> {
                return (cp & 0xFFFE) != 0xFFFE && !(cp >= 0xFDD0 && cp <= 0xFDEF);
            }
        }
    }
}
