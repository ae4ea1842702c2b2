package io.github.servletauth.servlet.internal;

import java.util.Map;

/**
 * Writes maps, iterables, strings, numbers, booleans and {@code null} as compact JSON. Escapes every control
 * character and the HTML-significant {@code < > &}, so a response can never be mistaken for markup.
 */
public final class JsonWriter {

    private JsonWriter() {
    }

    /**
     * @param value a {@link Map} with string keys, an {@link Iterable}, a {@link CharSequence}, an
     *              {@link Integer}, {@link Long}, {@link java.math.BigInteger} or {@link java.math.BigDecimal}, a
     *              {@link Boolean} or {@code null}, nested freely (no floating point: NaN has no JSON form)
     * @return the JSON text
     * @throws IllegalArgumentException for any other type, or a map key that is not a string
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence s) {
            string(sb, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof java.math.BigDecimal || value instanceof java.math.BigInteger) {
            sb.append(value);
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("cannot write a map key of type "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getName()) + " as JSON");
                }
                sb.append(sep);
                string(sb, key);
                sb.append(':');
                append(sb, e.getValue());
                sep = ",";
            }
            sb.append('}');
        } else if (value instanceof Iterable<?> items) {
            sb.append('[');
            String sep = "";
            for (Object item : items) {
                sb.append(sep);
                append(sb, item);
                sep = ",";
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029'
                            || Character.isSurrogate(c) && !validPair(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A lone surrogate cannot be encoded as UTF-8; escaping it keeps the output well-formed. */
    private static boolean validPair(CharSequence s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
