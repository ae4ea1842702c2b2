package io.github.servletauth.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a request body of at most {@link #MAX_BYTES} as JSON or as an HTML form. The size is checked on the
 * declared {@code Content-Length} before reading, and again while reading, so a chunked body cannot make us
 * buffer more than the limit.
 */
public final class RequestBody {

    /** The largest body accepted: far above any legitimate request, small enough to bound memory per request. */
    public static final int MAX_BYTES = 16 * 1024;

    private RequestBody() {
    }

    /**
     * @param request the request; its input stream is read (at most {@code MAX_BYTES + 1} bytes)
     * @return the fields; empty if the request has no body
     * @throws HttpError 413, 415 or 400
     * @throws IOException if the body cannot be read
     */
    public static RequestFields read(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw HttpError.tooLarge(MAX_BYTES);
        }
        String type = mediaType(request.getContentType());
        if (declared == 0) {
            return new RequestFields(Map.of());
        }
        if (type == null) {
            byte[] bytes = readCapped(request.getInputStream());
            if (bytes.length == 0) {
                return new RequestFields(Map.of());
            }
            throw HttpError.unsupportedMediaType();
        }
        boolean json = type.equals("application/json");
        if (!json && !type.equals("application/x-www-form-urlencoded")) {
            throw HttpError.unsupportedMediaType();
        }
        checkCharset(request.getContentType());
        String text = utf8(readCapped(request.getInputStream()));
        return json ? new RequestFields(jsonObject(text)) : form(text);
    }

    /**
     * Reads and discards what is left of a body within the size limit; never throws.
     *
     * @param request the request
     */
    public static void drain(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BYTES) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buf = new byte[4096];
            long total = 0;
            int n;
            while (total <= MAX_BYTES && (n = in.read(buf)) != -1) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the body was consumed another way: nothing left to protect
        }
    }

    private static Map<String, Object> jsonObject(String text) {
        if (text.isBlank()) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(text);
        } catch (JsonReader.MalformedJsonException e) {
            throw HttpError.badRequest("Malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw HttpError.badRequest("Request body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return fields;
    }

    /**
     * A value that is not percent-encoded UTF-8 is not guessed at (no U+FFFD): its field is refused by name when
     * the endpoint reads it, and the whole body otherwise (see {@link RequestFields#check()}).
     */
    private static RequestFields form(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Set<String> undecodable = new LinkedHashSet<>();
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name == null) {
                throw HttpError.badRequest("Malformed form: a field name is not percent-encoded UTF-8");
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (fields.containsKey(name) || undecodable.contains(name)) {
                throw HttpError.badRequest("Malformed form: a field appears more than once");
            }
            if (value == null) {
                undecodable.add(name);
            } else {
                fields.put(name, value);
            }
        }
        return new RequestFields(fields, undecodable);
    }

    /**
     * Decodes {@code application/x-www-form-urlencoded} text: {@code +} is a space, each {@code %XX} one byte,
     * and the bytes must be strict UTF-8 (no overlong forms, encoded surrogates or truncated sequences).
     *
     * @return the decoded text, or {@code null} if an escape is malformed or the bytes are not UTF-8
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // the body already decoded as strict UTF-8, so raw characters re-encode exactly
                int end = Character.isHighSurrogate(c) ? i + 2 : i + 1;
                bytes.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return strictUtf8(bytes.toByteArray());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) != -1) {
            if (out.size() + n > MAX_BYTES) {
                throw HttpError.tooLarge(MAX_BYTES);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] bytes) {
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("Request body is not valid UTF-8");
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** Only UTF-8 is accepted (RFC 8259 section 8.1); a form declaring another charset would be misread. */
    private static void checkCharset(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "").trim();
                if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                    throw HttpError.unsupportedMediaType();
                }
            }
        }
    }
}
