package io.github.servletauth.core;

/**
 * The JWS algorithms of access tokens. This library signs its own tokens with exactly one of HS256, RS256, ES256
 * and EdDSA ({@link #canIssue()}); a webapp verifying the tokens of another issuer ({@code auth.jwt.issuer-uri})
 * may also allow RS384, RS512, PS256 and ES384, as that issuer publishes them. Every token is checked against the
 * configured algorithms only, never against what its header asks for alone.
 */
public enum JwtAlgorithm {
    /** HMAC-SHA256 with a shared secret of at least 32 bytes (the default). */
    HS256("HS256"),
    /** RSASSA-PKCS1-v1_5 with SHA-256; RSA keys of at least 2048 bits. */
    RS256("RS256"),
    /** ECDSA on P-256 with SHA-256. */
    ES256("ES256"),
    /** EdDSA with Ed25519. */
    EDDSA("EdDSA"),
    /** RSASSA-PKCS1-v1_5 with SHA-384; only to verify another issuer's tokens. */
    RS384("RS384"),
    /** RSASSA-PKCS1-v1_5 with SHA-512; only to verify another issuer's tokens. */
    RS512("RS512"),
    /** RSASSA-PSS with SHA-256 and MGF1 with SHA-256; only to verify another issuer's tokens. */
    PS256("PS256"),
    /** ECDSA on P-384 with SHA-384; only to verify another issuer's tokens. */
    ES384("ES384");

    private final String jwsName;

    JwtAlgorithm(String jwsName) {
        this.jwsName = jwsName;
    }

    /** @return the name used in the JWS {@code alg} header, e.g. {@code "EdDSA"} */
    public String jwsName() {
        return jwsName;
    }

    /** @return whether tokens are verified with public keys (and can be published as a JWK Set) */
    public boolean isAsymmetric() {
        return this != HS256;
    }

    /**
     * @return whether this library signs its own tokens with it (HS256, RS256, ES256, EdDSA); the others only
     *         verify the tokens of another issuer named by {@code auth.jwt.issuer-uri}
     */
    public boolean canIssue() {
        return this == HS256 || this == RS256 || this == ES256 || this == EDDSA;
    }

    /**
     * @param name a JWS algorithm name, case-insensitive ({@code hs256}, {@code EdDSA}, ...)
     * @return the algorithm
     * @throws IllegalArgumentException if the name is not supported
     */
    public static JwtAlgorithm fromName(String name) {
        for (JwtAlgorithm a : values()) {
            if (a.jwsName.equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported algorithm '" + name + "'; use one of HS256, RS256, ES256, "
                + "EdDSA (or, for auth.jwt.issuer-uri, also RS384, RS512, PS256, ES384)");
    }
}
