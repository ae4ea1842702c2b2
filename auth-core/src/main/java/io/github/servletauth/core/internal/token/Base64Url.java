package io.github.servletauth.core.internal.token;

/**
 * The base64url text of a JWS segment (RFC 7515 section 2: no padding), read character by character without
 * allocating. A segment is canonical when it is exactly what encoding its bytes gives: the JDK's decoder (and
 * jose4j's) ignore the unused low bits of the last character, so without this check one value has up to 16
 * spellings, and a token would not be identified by its text.
 */
final class Base64Url {
    private Base64Url() {
    }

    /** @return whether {@code c} is in the base64url alphabet (RFC 4648 section 5), padding excluded */
    static boolean isAlphabet(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    /**
     * @param text characters that are all {@linkplain #isAlphabet in the alphabet}
     * @return whether {@code text[from, to)} is the canonical unpadded encoding of some bytes: a length that is
     *         not 4k + 1, and a last character whose bits beyond the last whole byte are zero
     */
    static boolean isCanonical(String text, int from, int to) {
        int unusedBits = switch ((to - from) & 3) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> 4;
            default -> 2;
        };
        return unusedBits == 0 || unusedBits > 0 && (value(text.charAt(to - 1)) & (1 << unusedBits) - 1) == 0;
    }

    /** @return how many bytes a canonical segment of that many characters decodes to */
    static int decodedLength(int chars) {
        return chars * 3 / 4;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }
}
