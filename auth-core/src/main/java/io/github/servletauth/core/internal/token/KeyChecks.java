package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.keys.EllipticCurves;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** Whether a key fits the configured algorithm (RFC 8725 section 3.1: one algorithm, keys of its kind only). */
final class KeyChecks {
    static final int MIN_RSA_BITS = 2048;
    private static final byte[] PROBE = "servlet-auth key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyChecks() {
    }

    /** @return what is wrong with the key for the algorithm, or {@code null} if it fits; never key material */
    static String problem(PublicKey key, JwtAlgorithm algorithm) {
        switch (algorithm) {
            case RS256:
                if (!(key instanceof RSAPublicKey rsa)) {
                    return "is " + kind(key) + "; RS256 needs an RSA key";
                }
                int bits = rsa.getModulus().bitLength();
                return bits < MIN_RSA_BITS ? "is an RSA key of " + bits + " bits; RS256 needs at least " + MIN_RSA_BITS
                        : null;
            case ES256:
                boolean p256 = key instanceof ECPublicKey ec
                        && EllipticCurves.P_256.equals(EllipticCurves.getName(ec.getParams().getCurve()));
                return p256 ? null : "is " + kind(key) + "; ES256 needs an EC key on curve P-256";
            case EDDSA:
                boolean ed25519 = key instanceof EdECPublicKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
                return ed25519 ? null : "is " + kind(key) + "; EdDSA needs an Ed25519 key";
            case HS256:
                return "is a public key; HS256 uses auth.jwt.secret, not a key file";
            default:
                return "is a public key; this library does not sign with " + algorithm.jwsName();
        }
    }

    /** @return whether the private key signs what the public key verifies (guards against mixed-up files) */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey, JwtAlgorithm algorithm) {
        String jca = switch (algorithm) {
            case RS256 -> "SHA256withRSA";
            case ES256 -> "SHA256withECDSA";
            case EDDSA -> "Ed25519";
            default -> throw new IllegalArgumentException(algorithm.jwsName() + " key pairs are never signed with");
        };
        try {
            Signature signer = Signature.getInstance(jca);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // a key of the wrong type or curve cannot sign with this algorithm: not a match
            return false;
        }
    }

    private static String kind(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            String curve = EllipticCurves.getName(ec.getParams().getCurve());
            return "an EC key" + (curve == null ? "" : " on curve " + curve);
        }
        if (key instanceof EdECPublicKey ed) {
            return "an " + ed.getParams().getName() + " key";
        }
        return key == null ? "not a public key" : "an " + key.getAlgorithm() + " key";
    }
}
