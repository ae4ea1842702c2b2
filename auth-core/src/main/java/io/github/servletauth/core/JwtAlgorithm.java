package io.github.servletauth.core;

/** The JWS algorithms the library signs and verifies access tokens with; exactly one is configured. */
public enum JwtAlgorithm {
    /** HMAC-SHA256 with a shared secret of at least 32 bytes (the default). */
    HS256("HS256"),
    /** RSASSA-PKCS1-v1_5 with SHA-256; RSA keys of at least 2048 bits. */
    RS256("RS256"),
    /** ECDSA on P-256 with SHA-256. */
    ES256("ES256"),
    /** EdDSA with Ed25519. */
    EDDSA("EdDSA");

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
        throw new IllegalArgumentException("unsupported algorithm '" + name + "'; use one of HS256, RS256, ES256, EdDSA");
    }
}
