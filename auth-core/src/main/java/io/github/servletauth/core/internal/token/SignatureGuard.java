package io.github.servletauth.core.internal.token;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;

/**
 * The form a signature value must have before any JDK cryptography sees it, on both verification paths. The
 * JDK checks most of this itself, but a build without the April 2022 updates accepted the ECDSA signature
 * {@code r = s = 0} for every message and key (CVE-2022-21449); checking here keeps our verdict independent of
 * the JDK build. It also leaves each signature one accepted value: ES256 signatures come in pairs
 * {@code (r, s)} and {@code (r, n - s)}, and our issuer emits only the low one.
 *
 * <ul>
 *   <li>ES256: exactly 64 bytes {@code R||S} (RFC 7518 section 3.4) with {@code 0 < r < n} and
 *       {@code 0 < s < n}, n being the order of P-256; where only low s is accepted, {@code s <= (n - 1) / 2}.</li>
 *   <li>ES384 (another issuer's tokens only): the same with 48-byte scalars and the order of P-384.</li>
 *   <li>RS256 (and another issuer's RS384, RS512, PS256): exactly as many bytes as the key's modulus (RFC 8017
 *       sections 8.1.2 and 8.2.2, step 1).</li>
 * </ul>
 */
final class SignatureGuard {
    static final int ES256_SIGNATURE_BYTES = 64;
    private static final int P256_SCALAR_BYTES = 32;
    /** The order n of the P-256 group (FIPS 186-4 section D.1.2.3), big-endian. */
    private static final byte[] P256_ORDER =
            HexFormat.of().parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    /** {@code (n - 1) / 2}: the largest low s. */
    private static final byte[] P256_HALF_ORDER = fixed(new BigInteger(1, P256_ORDER).shiftRight(1));
    private static final byte[] ZERO = new byte[P256_SCALAR_BYTES];
    private static final int P384_SCALAR_BYTES = 48;
    /** The order n of the P-384 group (FIPS 186-4 section D.1.2.4). */
    private static final BigInteger P384_ORDER = new BigInteger("ffffffffffffffffffffffffffffffffffffffffffffffff"
            + "c7634d81f4372ddf581a0db248b0a77aecec196accc52973", 16);

    private SignatureGuard() {
    }

    /**
     * Compares in place, without allocating: this runs for every ES256 token that misses the cache.
     *
     * @param rs an ES256 signature as decoded
     * @param lowSOnly whether a high s is refused too
     * @return whether it has the one form accepted
     */
    static boolean es256InRange(byte[] rs, boolean lowSOnly) {
        if (rs.length != ES256_SIGNATURE_BYTES) {
            return false;
        }
        return isPositive(rs, 0) && compare(rs, 0, P256_ORDER) < 0 && isPositive(rs, P256_SCALAR_BYTES)
                && (lowSOnly ? compare(rs, P256_SCALAR_BYTES, P256_HALF_ORDER) <= 0
                        : compare(rs, P256_SCALAR_BYTES, P256_ORDER) < 0);
    }

    /**
     * For another issuer's ES384 tokens: exactly 96 bytes {@code R||S} with {@code 0 < r < n} and {@code 0 < s < n},
     * n being the order of P-384; either s. Not on a hot path (such tokens are cached once verified).
     *
     * @param rs an ES384 signature as decoded
     * @return whether it has the form accepted
     */
    static boolean es384InRange(byte[] rs) {
        if (rs.length != 2 * P384_SCALAR_BYTES) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(rs, 0, P384_SCALAR_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, P384_SCALAR_BYTES, rs.length));
        return r.signum() > 0 && r.compareTo(P384_ORDER) < 0 && s.signum() > 0 && s.compareTo(P384_ORDER) < 0;
    }

    /**
     * @param compactJws an ES256 token as jose4j signs it (with whichever s the JDK drew)
     * @return the same token with a low s
     */
    static String withLowS(String compactJws) {
        int start = compactJws.lastIndexOf('.') + 1;
        byte[] rs = lowS(Base64.getUrlDecoder().decode(compactJws.substring(start)));
        return compactJws.substring(0, start) + Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
    }

    /**
     * @param rs an ES256 signature {@code R||S} with {@code 0 < s < n}, as a JDK signer makes it
     * @return the same array, s replaced by {@code n - s} if it was high; both verify, only the low one is ours
     */
    static byte[] lowS(byte[] rs) {
        if (compare(rs, P256_SCALAR_BYTES, P256_HALF_ORDER) > 0) {
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(rs, P256_SCALAR_BYTES, ES256_SIGNATURE_BYTES));
            System.arraycopy(fixed(new BigInteger(1, P256_ORDER).subtract(s)), 0, rs, P256_SCALAR_BYTES,
                    P256_SCALAR_BYTES);
        }
        return rs;
    }

    /**
     * @param key a verification key
     * @param signatureBytes the decoded length of a signature
     * @return false only for an RSA key whose modulus is not exactly that long; true for other kinds of key
     */
    static boolean lengthFits(Key key, int signatureBytes) {
        return !(key instanceof RSAKey rsa) || (rsa.getModulus().bitLength() + 7) / 8 == signatureBytes;
    }

    /** @return whether {@link #lengthFits} holds for at least one of the keys */
    static boolean lengthFitsAny(Collection<Key> keys, int signatureBytes) {
        for (Key key : keys) {
            if (lengthFits(key, signatureBytes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPositive(byte[] rs, int from) {
        return compare(rs, from, ZERO) != 0;
    }

    /** Compares 32 big-endian unsigned bytes of {@code rs} at {@code from} with a 32-byte value. */
    private static int compare(byte[] rs, int from, byte[] value) {
        return Arrays.compareUnsigned(rs, from, from + P256_SCALAR_BYTES, value, 0, P256_SCALAR_BYTES);
    }

    private static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[P256_SCALAR_BYTES];
        int n = Math.min(b.length, P256_SCALAR_BYTES);
        System.arraycopy(b, b.length - n, out, P256_SCALAR_BYTES - n, n);
        return out;
    }
}
