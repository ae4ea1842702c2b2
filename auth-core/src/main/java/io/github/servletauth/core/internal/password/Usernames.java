package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.InvalidInputException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates usernames and derives the key that makes them unique.
 *
 * <p>A username is kept in its NFKC form with its case (the display form, {@link #canonical(String)}); two
 * usernames are the same account when their {@link #key(String) keys} are equal, so {@code Admin}, {@code ADMIN}
 * and full-width {@code ａｄｍｉｎ} cannot be registered twice.
 */
public final class Usernames {
    /** Bounds in code points, after NFKC. */
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 150;

    /**
     * Longer raw input is refused before normalising, so a login with a megabyte "username" costs nothing. NFKC
     * can shrink text only by composing (at most a few code units into one), so nothing valid is lost.
     */
    static final int MAX_RAW_CHARS = 1000;

    private static final String FIELD = "username";
    private static final String ALLOWED_SYMBOLS = "@.+-_";

    private Usernames() {
    }

    /**
     * NFKC-normalises and validates a username.
     *
     * @param raw the username as typed
     * @return the display form: NFKC, case preserved
     * @throws InvalidInputException with field {@code username} and every reason found
     */
    public static String canonical(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidInputException(FIELD, "is required");
        }
        if (raw.length() > MAX_RAW_CHARS) {
            throw new InvalidInputException(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        Set<String> reasons = new LinkedHashSet<>();
        int length = nfkc.codePointCount(0, nfkc.length());
        if (length < MIN_LENGTH) {
            reasons.add("must be at least " + MIN_LENGTH + " characters");
        } else if (length > MAX_LENGTH) {
            reasons.add("must be at most " + MAX_LENGTH + " characters");
        }
        checkCharacters(nfkc, reasons);
        if (!reasons.isEmpty()) {
            throw new InvalidInputException(Map.of(FIELD, new ArrayList<>(reasons)));
        }
        return nfkc;
    }

    /**
     * The uniqueness and lookup key of a canonical username: case-folded with {@link Locale#ROOT} (upper then
     * lower case, so {@code ß}, {@code ẞ} and {@code SS} agree and a final sigma folds), then NFKC again because
     * folding can produce characters that normalise further. The key can be longer than the username
     * ({@code ß} becomes {@code ss}), up to three times in code points.
     *
     * @param canonical a username returned by {@link #canonical(String)}
     * @return the key to store and to look up by
     */
    public static String key(String canonical) {
        Objects.requireNonNull(canonical, "canonical");
        return fold(canonical);
    }

    /**
     * The Unicode UTS #39 skeleton of a username key: NFD, every code point replaced by its confusable prototype
     * (Unicode's confusables data, bundled), NFD again. Keys whose skeletons are equal look alike, such as
     * {@code paypal} with a Latin alpha {@code ɑ}, or an all-Cyrillic {@code роре} and the Latin {@code pope};
     * the store keeps skeletons unique so that the second of two such names is refused. As UTS #39 intends,
     * {@code rn} and {@code m}, or the digit {@code 1} and the letter {@code l}, have the same skeleton too.
     *
     * @param key a key returned by {@link #key(String)} (case already folded)
     * @return the skeleton to store beside the key
     */
    public static String skeleton(String key) {
        Objects.requireNonNull(key, "key");
        return Confusables.skeleton(key);
    }

    /**
     * {@link #canonical(String)} then {@link #key(String)}, for logins and lookups: input that could never be a
     * valid username gives empty instead of an exception, so it cannot be told apart from an unknown user.
     *
     * @param raw the username as typed, possibly null or junk
     * @return the key, or empty when no account could have this username
     */
    public static Optional<String> lookupKey(String raw) {
        if (raw == null || raw.length() > MAX_RAW_CHARS) {
            return Optional.empty();
        }
        try {
            return Optional.of(key(canonical(raw)));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * NFKC, Locale.ROOT case fold, NFKC: the comparison form of usernames, also used to compare passwords. The
     * fold is upper then lower case (so {@code ß} becomes {@code ss}), preceded by a lower-casing because
     * capital {@code ẞ} is its own upper case and would otherwise fold to {@code ß}. With it, every letter folds
     * the same as its upper and lower case, and folding twice changes nothing.
     */
    static String fold(String s) {
        String nfkc = Normalizer.normalize(s, Normalizer.Form.NFKC);
        String folded = nfkc.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    private static void checkCharacters(String nfkc, Set<String> reasons) {
        List<Character.UnicodeScript> scripts = new ArrayList<>(3);
        boolean first = true;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            String problem = problemWith(cp, first);
            if (problem != null) {
                reasons.add(problem);
            } else if (Character.isLetter(cp)) {
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (isHomographScript(script) && !scripts.contains(script)) {
                    scripts.add(script);
                }
            }
            first = false;
        }
        // pаypal with a Cyrillic "а" looks exactly like paypal; these three scripts share most letter shapes
        if (scripts.size() > 1) {
            reasons.add("must not mix Latin, Cyrillic or Greek letters");
        }
    }

    /** Returns why this code point is refused, or null when it may appear at this position. */
    private static String problemWith(int cp, boolean first) {
        if (isDefaultIgnorable(cp)) {
            return "must not contain invisible characters";
        }
        int type = Character.getType(cp);
        switch (type) {
            case Character.NON_SPACING_MARK:
            case Character.COMBINING_SPACING_MARK:
                // needed by scripts such as Devanagari, but a mark has nothing to combine with at the start
                return first ? "must not start with a combining mark" : null;
            case Character.FORMAT:
                return "must not contain invisible characters";
            case Character.CONTROL:
                return Character.isWhitespace(cp) ? "must not contain spaces" : "must not contain control characters";
            case Character.SPACE_SEPARATOR:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return "must not contain spaces";
            case Character.PRIVATE_USE:
                return "must not contain private-use characters";
            case Character.UNASSIGNED:
                return "must not contain unassigned characters";
            case Character.SURROGATE:
                return "must not contain malformed characters";
            default:
                break;
        }
        if (Character.isLetter(cp) || Character.isDigit(cp) || ALLOWED_SYMBOLS.indexOf(cp) >= 0) {
            return null;
        }
        return "may only contain letters, digits and @ . + - _";
    }

    private static boolean isHomographScript(Character.UnicodeScript script) {
        return script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.CYRILLIC
                || script == Character.UnicodeScript.GREEK;
    }

    /**
     * Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which Java does not expose. Most are
     * format (Cf) or unassigned characters anyway; this catches the invisible ones that pass as letters or marks:
     * Hangul fillers (Lo), variation selectors, the combining grapheme joiner and Mongolian free variation
     * selectors (Mn), each of which would let {@code admin} be registered again invisibly.
     */
    static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160
                || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F)
                || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F)
                || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8)
                || (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A)
                || (cp >= 0xE0000 && cp <= 0xE0FFF);
    }
}
