package io.github.servletauth.core.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The revocation feed's document, both ways: written by the accounts webapp ({@code GET <api>/revocations}) and
 * read, strictly, by a verifier that polls it.
 *
 * <pre>{@code
 * {"revoked":[{"sid":"Jq3K...","until":1767225600}],"cursor":"c7Yd0S2mQvE.42","more":false}
 * }</pre>
 *
 * {@code sid} is a revoked session id (the {@code sid} claim of its access tokens), {@code until} the time (epoch
 * seconds) after which none of its tokens can still be accepted anywhere, {@code cursor} what to send as
 * {@code since} next time, {@code more} whether the next page can be asked for at once. Nothing else: no user id,
 * no username. Members a reader does not know are ignored, so that the document can grow; everything it knows
 * is type-checked, and one bad part refuses the whole document.
 */
public final class RevocationFeed {
    /** More than one page of {@link RevocationList}'s holds; a longer answer is not one of ours. */
    static final int MAX_ENTRIES = 10_000;
    private static final int MAX_ID_LENGTH = 128;
    /** Year 9999: a larger {@code until} is not a time. */
    private static final long MAX_UNTIL_SECONDS = 253_402_300_799L;

    private RevocationFeed() {
    }

    /**
     * One revoked session.
     *
     * @param sessionId its id
     * @param untilMillis when it stops mattering (epoch milliseconds)
     */
    public record Entry(String sessionId, long untilMillis) {
    }

    /**
     * One answer of the feed.
     *
     * @param revoked the revoked sessions of this page
     * @param cursor the value of {@code since} for the next request
     * @param more whether further entries can be asked for at once with {@code cursor}
     */
    public record Page(List<Entry> revoked, String cursor, boolean more) {
        /** Copies the list. */
        public Page {
            revoked = List.copyOf(revoked);
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    /**
     * @param page a page of revocations
     * @return its JSON document; {@code until} is rounded up to the second
     */
    public static String write(Page page) {
        StringBuilder json = new StringBuilder(64 + page.revoked().size() * 48).append("{\"revoked\":[");
        String sep = "";
        for (Entry e : page.revoked()) {
            // session ids and cursors are base64url and dots: nothing to escape
            json.append(sep).append("{\"sid\":\"").append(e.sessionId()).append("\",\"until\":")
                    .append(Math.floorDiv(e.untilMillis() + 999, 1000)).append('}');
            sep = ",";
        }
        return json.append("],\"cursor\":\"").append(page.cursor()).append("\",\"more\":").append(page.more())
                .append('}').toString();
    }

    /**
     * @param json an answer of the feed
     * @return the page it holds
     * @throws IllegalArgumentException if it is not strict JSON or not a feed page: the message names the problem,
     *         never the content
     */
    public static Page read(String json) {
        Object parsed;
        try {
            parsed = StrictJson.parse(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException("not strict JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> document)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!(document.get("revoked") instanceof List<?> revoked)) {
            throw new IllegalArgumentException("\"revoked\" is not an array");
        }
        if (revoked.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries");
        }
        List<Entry> entries = new ArrayList<>(revoked.size());
        for (Object item : revoked) {
            if (!(item instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException("an entry of \"revoked\" is not an object");
            }
            if (!(entry.get("sid") instanceof String sid) || !isToken(sid, false)) {
                throw new IllegalArgumentException("an entry's \"sid\" is not a session id");
            }
            entries.add(new Entry(sid, untilMillis(entry.get("until"))));
        }
        if (!(document.get("cursor") instanceof String cursor) || !isToken(cursor, true)) {
            throw new IllegalArgumentException("\"cursor\" is not a cursor");
        }
        if (!(document.get("more") instanceof Boolean more)) {
            throw new IllegalArgumentException("\"more\" is not a boolean");
        }
        return new Page(entries, cursor, more);
    }

    private static long untilMillis(Object until) {
        if (until instanceof BigDecimal n && n.signum() >= 0 && n.compareTo(BigDecimal.valueOf(MAX_UNTIL_SECONDS)) <= 0) {
            try {
                return n.longValueExact() * 1000;
            } catch (ArithmeticException fraction) {
                // not a whole number of seconds: refused below
            }
        }
        throw new IllegalArgumentException("an entry's \"until\" is not a time in whole seconds");
    }

    /**
     * @return whether {@code s} is 1 to 128 base64url characters (a session id), or, with {@code dots}, also
     *         dots (a cursor): what the accounts webapp writes, and what can go into a URL unescaped
     */
    static boolean isToken(String s, boolean dots) {
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '_' || dots && c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
