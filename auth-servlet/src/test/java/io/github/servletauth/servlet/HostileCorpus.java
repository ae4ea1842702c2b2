package io.github.servletauth.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hostile field values for {@link HostileInputContract}: every C0 and C1 control, DEL, line breaks, lone
 * surrogates, bidi overrides, invisible characters, noncharacters, oversized values, and the
 * percent-encodings and raw bytes that are not UTF-8. Each value is named, so a failure says which one broke.
 */
final class HostileCorpus {

    /** Larger than the body limit: refused as a whole before any field is read. */
    static final int HUGE = 64 * 1024;

    private HostileCorpus() {
    }

    /**
     * Strings worth putting into any text field: sent as JSON (escaped by the writer, so lone surrogates
     * become {@code \uD800} escapes) and as form values (lone surrogates then become the encoded surrogate
     * bytes {@code %ED%A0%80}, which strict UTF-8 refuses).
     */
    static Map<String, String> strings() {
        Map<String, String> s = new LinkedHashMap<>();
        for (int c = 0; c < 0x20; c++) {
            s.put(String.format("U+%04X", c), String.valueOf((char) c));
        }
        s.put("DEL", "\u007f");
        for (int c = 0x80; c < 0xA0; c++) {
            s.put(String.format("U+%04X", c), String.valueOf((char) c));
        }
        s.put("CRLF header injection", "x\r\nX-Injected: 1");
        s.put("LF log injection", "x\n[main] ERROR forged - record");
        s.put("line separator", "\u2028");
        s.put("paragraph separator", "\u2029");
        s.put("lone high surrogate", "\ud800");
        s.put("lone low surrogate", "\udc00");
        s.put("reversed surrogate pair", "\udc00\ud800");
        s.put("bidi override", "\u202e");
        s.put("bidi isolate", "\u2066");
        s.put("zero-width space", "\u200b");
        s.put("zero-width no-break space", "\ufeff");
        s.put("word joiner", "\u2060");
        s.put("tag character", "\udb40\udc01");
        s.put("noncharacter U+FFFF", "\uffff");
        s.put("noncharacter U+FFFE", "\ufffe");
        s.put("replacement character", "\ufffd");
        s.put("private use", "\ue000");
        s.put("emoji", "\ud83d\ude00");
        s.put("no-break space", "\u00a0");
        s.put("NFKC expansion", "\ufdfa".repeat(50));
        s.put("quotes and backslashes", "'\"\\`");
        s.put("SQL", "x'); DROP TABLE auth_accounts;--");
        s.put("format string", "%s%n%x%d");
        s.put("lookup", "${jndi:ldap://127.0.0.1/x}");
        s.put("markup", "<script>alert(1)</script>&amp;");
        s.put("empty", "");
        s.put("blank", "   ");
        s.put("all at once", "ab\u0000c\r\nd\u0085e\u202ef\u200bg\uffffh\ufeffi\u2028j");
        return Collections.unmodifiableMap(s);
    }

    /** A value of {@code length} characters: long values still inside the body limit. */
    static String longValue(int length) {
        return "a".repeat(length);
    }

    /** JSON values of the wrong type, as JSON text. */
    static Map<String, String> nonStringJson() {
        Map<String, String> j = new LinkedHashMap<>();
        j.put("number", "42");
        j.put("huge exponent", "1e999999999");
        j.put("long number", "1" + "0".repeat(100));
        j.put("true", "true");
        j.put("null", "null");
        j.put("array", "[\"a\"]");
        j.put("object", "{\"a\":\"b\"}");
        j.put("deep array", "[".repeat(100) + "]".repeat(100));
        j.put("deep object", "{\"a\":".repeat(100) + "1" + "}".repeat(100));
        return j;
    }

    /** Whole JSON bodies that are not the object an endpoint expects. */
    static Map<String, byte[]> jsonBodies() {
        Map<String, byte[]> b = new LinkedHashMap<>();
        b.put("empty object", utf8("{}"));
        b.put("null", utf8("null"));
        b.put("string", utf8("\"x\""));
        b.put("nested 5000 deep", utf8("[".repeat(5000) + "]".repeat(5000)));
        b.put("unterminated nesting", utf8("{\"a\":".repeat(3000)));
        b.put("1200 keys", utf8(manyKeys(1200)));
        b.put("raw NUL in a string", utf8("{\"username\":\"a\u0000b\"}"));
        b.put("raw LF in a string", utf8("{\"username\":\"a\nb\"}"));
        b.put("byte-order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{}")));
        b.put("raw encoded surrogate", concat(utf8("{\"username\":\"a"), new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, utf8("\"}")));
        b.put("raw 0xFF", concat(utf8("{\"username\":\"a"), new byte[] {(byte) 0xFF}, utf8("\"}")));
        b.put("raw overlong slash", concat(utf8("{\"username\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF},
                utf8("\"}")));
        b.put("truncated sequence", concat(utf8("{\"username\":\"a"), new byte[] {(byte) 0xC3}));
        b.put("over the size limit", utf8("{\"username\":\"" + "a".repeat(HUGE) + "\"}"));
        return b;
    }

    /** Form values as they appear on the wire: malformed or non-UTF-8 percent-escapes. */
    static Map<String, String> rawFormValues() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("%FF", "a%FFb");
        f.put("truncated %C3", "a%C3");
        f.put("overlong %C0%AF", "a%C0%AFb");
        f.put("overlong %E0%80%AF", "a%E0%80%AFb");
        f.put("encoded surrogate %ED%A0%80", "a%ED%A0%80b");
        f.put("above U+10FFFF", "a%F4%90%80%80b");
        f.put("five-byte form", "a%F8%88%80%80%80b");
        f.put("continuation byte alone", "a%80b");
        f.put("bad hex %G1", "a%G1b");
        f.put("short escape %4", "a%4");
        f.put("bare %", "a%");
        f.put("percent-encoded NUL", "a%00b");
        f.put("plus and equals", "a+b=c=d");
        return f;
    }

    /** Whole form bodies that break the form syntax itself. */
    static Map<String, byte[]> formBodies() {
        Map<String, byte[]> b = new LinkedHashMap<>();
        b.put("separators only", utf8("&&&=&="));
        b.put("name without value", utf8("username"));
        b.put("malformed name", utf8("user%ZZname=a&password=b"));
        b.put("non-UTF-8 name", utf8("%FF=a"));
        b.put("2000 fields", utf8(String.join("&", fieldNames(2000))));
        b.put("raw 0xFF byte", concat(utf8("username=a"), new byte[] {(byte) 0xFF}));
        b.put("over the size limit", utf8("username=" + "a".repeat(HUGE)));
        return b;
    }

    /**
     * Return targets that try to leave the host, as a phishing link would craft them: absolute and
     * scheme-relative URLs, backslashes, schemes that run script, control characters, and each of those
     * percent-encoded once or twice. Each is a complete target (not embedded in a path).
     */
    static Map<String, String> returnTargets() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("absolute URL", "https://evil.example/");
        t.put("scheme-relative", "//evil.example/");
        t.put("three slashes", "///evil.example/");
        t.put("slash backslash", "/\\evil.example/");
        t.put("backslash slash", "\\/evil.example/");
        t.put("tab between slashes", "/\t/evil.example/");
        t.put("javascript", "javascript:alert(1)");
        t.put("javascript in capitals", "JaVaScRiPt:alert(1)");
        t.put("data URL", "data:text/html,<script>alert(1)</script>");
        t.put("encoded slashes", "/%2F%2Fevil.example/");
        t.put("doubly encoded slashes", "/%252F%252Fevil.example/");
        t.put("encoded backslash", "/%5Cevil.example/");
        t.put("encoded tab", "/%09/evil.example/");
        t.put("encoded CRLF", "/%0D%0ALocation:%20https://evil.example/");
        t.put("encoded leading slashes", "%2F%2Fevil.example/");
        t.put("dot segments", "/app/..//evil.example/");
        t.put("fullwidth solidus", "\uff0f\uff0fevil.example/");
        t.put("malformed escape", "/app/%G1");
        t.put("lone percent", "/app/%");
        t.put("second return", "/app/&return=//evil.example/");
        t.put("3000 characters", "/" + longValue(3000));
        return t;
    }

    /**
     * {@code Cookie} header values carrying the cookie {@code name} broken in every way around a {@code good}
     * value (a real token or proof): each of {@link #strings()} as the value, after the good value and before it;
     * sent more than once (the cases whose name starts with {@code "twice"}: ambiguous, so never read);
     * oversized, up to past the container's 8 KiB limit for a request head; among garbage separators and other
     * cookies. A case with several values sends one {@code Cookie} header each, as HTTP/2 clients do.
     */
    static Map<String, List<String>> cookieHeaders(String name, String good) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        strings().forEach((k, x) -> {
            c.put("value " + k, List.of(name + "=" + x));
            c.put("good value then " + k, List.of(name + "=" + good + x));
            c.put(k + " then good value", List.of(name + "=" + x + good));
        });
        c.put("twice in one header", List.of(name + "=" + good + "; " + name + "=" + good));
        c.put("twice in two headers", List.of(name + "=" + good, name + "=" + good));
        c.put("twice, the other garbage", List.of(name + "=" + good + "; " + name + "=garbage"));
        c.put("twice, garbage first in its own header", List.of(name + "=garbage", name + "=" + good));
        c.put("twice, the other empty", List.of(name + "=; " + name + "=" + good));
        c.put("quoted", List.of(name + "=\"" + good + "\""));
        c.put("quote opened only", List.of(name + "=\"" + good));
        c.put("quotes only", List.of(name + "=\"\""));
        c.put("empty", List.of(name + "="));
        c.put("name only", List.of(name));
        c.put("no name", List.of("=" + good));
        c.put("double equals", List.of(name + "==" + good));
        c.put("trailing equals", List.of(name + "=" + good + "="));
        c.put("spaces around equals", List.of(name + " = " + good));
        c.put("separators only", List.of(";;; ; ,,"));
        c.put("separators around", List.of(";;" + name + "=" + good + ";;"));
        c.put("after a comma", List.of("a=b, " + name + "=" + good));
        c.put("RFC 2109 attributes", List.of("$Version=1; " + name + "=" + good + "; $Path=/"));
        c.put("longer name", List.of(name + "x=" + good));
        c.put("name as a suffix", List.of("x" + name + "=" + good));
        c.put("name in capitals", List.of(name.toUpperCase(Locale.ROOT) + "=" + good));
        c.put("__Host- prefixed name", List.of("__Host-" + name + "=" + good));
        c.put("every character percent-encoded", List.of(name + "=" + percentEncodeAll(good)));
        c.put("500 other cookies first", List.of(otherCookies(500) + "; " + name + "=" + good));
        c.put("markup of 43 characters", List.of(name + "=" + "<script>alert(1)</script>" + "A".repeat(18)));
        c.put("4096 characters", List.of(name + "=" + longValue(4096)));
        c.put("4097 characters", List.of(name + "=" + longValue(4097)));
        c.put("7000 characters", List.of(name + "=" + longValue(7000)));
        c.put("9000 characters, past the head limit", List.of(name + "=" + longValue(9000)));
        return c;
    }

    /** Percent-encodes every byte of {@link #lenientUtf8(String)} but unreserved ASCII. */
    static String formEncode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : lenientUtf8(value)) {
            int u = b & 0xFF;
            if (u < 0x80 && (Character.isLetterOrDigit(u) || "-._~".indexOf(u) >= 0)) {
                sb.append((char) u);
            } else {
                sb.append('%').append(String.format("%02X", u));
            }
        }
        return sb.toString();
    }

    /**
     * UTF-8, except that a lone surrogate is written as the three bytes a lenient encoder produces for it (e.g.
     * {@code ED A0 80}): what an attacker sends, and what is not UTF-8.
     */
    static byte[] lenientUtf8(String value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            bytes.writeBytes(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE
                    ? new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)}
                    : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String percentEncodeAll(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : lenientUtf8(s)) {
            sb.append('%').append(String.format("%02X", b & 0xFF));
        }
        return sb.toString();
    }

    private static String otherCookies(int n) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add("c" + i + "=v");
        }
        return String.join("; ", pairs);
    }

    private static String manyKeys(int n) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pairs.add("\"k" + i + "\":0");
        }
        return "{" + String.join(",", pairs) + "}";
    }

    private static List<String> fieldNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("f" + i + "=");
        }
        return names;
    }
}
