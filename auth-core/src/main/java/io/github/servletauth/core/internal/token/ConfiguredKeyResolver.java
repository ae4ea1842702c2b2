package io.github.servletauth.core.internal.token;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the verification key of a token among the configured keys only. The {@code jwk}, {@code jku},
 * {@code x5u} and {@code x5c} headers are never read: a key supplied by the token itself proves nothing
 * (RFC 8725 section 3.10 and the classic embedded-{@code jwk} forgery). {@link AccessTokenCodec} has checked
 * the signature's form ({@link SignatureGuard}) before jose4j asks.
 */
final class ConfiguredKeyResolver implements VerificationKeyResolver {
    private final TokenKeys keys;

    ConfiguredKeyResolver(TokenKeys keys) {
        this.keys = keys;
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        String kid = jws.getKeyIdHeaderValue();
        if (kid != null) {
            return keys.verificationKey(kid).orElseThrow(() -> new UnresolvableKeyException("unknown kid"));
        }
        // no kid: the keys that could have made a signature of this length, each tried as jose4j's own
        // resolvers do to disambiguate; an RSA key of another size is never offered it (see SignatureGuard)
        int signatureBytes = Base64Url.decodedLength(jws.getEncodedSignature().length());
        List<Key> candidates = new ArrayList<>();
        for (Key key : keys.verificationKeys()) {
            if (SignatureGuard.lengthFits(key, signatureBytes)) {
                candidates.add(key);
            }
        }
        if (candidates.isEmpty()) {
            throw new UnresolvableKeyException("no key fits the signature's length");
        }
        if (candidates.size() > 1) {
            for (Key candidate : candidates) {
                try {
                    jws.setKey(candidate);
                    if (jws.verifySignature()) {
                        return candidate;
                    }
                } catch (JoseException e) {
                    // this key cannot verify the token; try the next one
                }
            }
        }
        return candidates.get(0);
    }
}
