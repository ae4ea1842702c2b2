package io.github.servletauth.core.internal.token;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.util.Collection;
import java.util.List;

/**
 * Finds the verification key of a token among the configured keys only. The {@code jwk}, {@code jku},
 * {@code x5u} and {@code x5c} headers are never read: a key supplied by the token itself proves nothing
 * (RFC 8725 section 3.10 and the classic embedded-{@code jwk} forgery).
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
        Collection<Key> candidates = keys.verificationKeys();
        if (candidates.size() > 1) {
            // no kid: try each configured key, as jose4j's own resolvers do to disambiguate
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
        return candidates.iterator().next();
    }
}
