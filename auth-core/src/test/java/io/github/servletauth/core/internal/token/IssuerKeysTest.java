package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.testing.IssuerTokens;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which keys of an identity provider's JWK Set verify, and for which algorithms. */
class IssuerKeysTest {
    private static final Set<JwtAlgorithm> RS = EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.PS256);

    @Test
    void parseWhenSetMixesSignatureAndEncryptionKeysThenOnlySignatureKeysKept() throws Exception {
        KeyPair rsa = TestKeys.pair(JwtAlgorithm.RS256);
        String set = IssuerTokens.jwks(IssuerTokens.jwk("sig", rsa.getPublic(), "use", "sig", "alg", "RS256"),
                IssuerTokens.jwk("enc", rsa.getPublic(), "use", "enc", "alg", "RSA-OAEP"),
                IssuerTokens.jwk("oaep", rsa.getPublic(), "alg", "RSA-OAEP-256"),
                IssuerTokens.jwk("ops", rsa.getPublic(), "key_ops", "encrypt"),
                "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}",
                IssuerTokens.jwk("any", rsa.getPublic()), "{\"kty\":\"RSA\",\"kid\":\"broken\"}", "17");

        IssuerKeys keys = IssuerKeys.parse(set, RS);

        assertThat(keys.all()).extracting(IssuerKeys.IssuerKey::kid).containsExactly("sig", "any");
        assertThat(keys.withKid("sig").get(0).algorithms()).containsExactly(JwtAlgorithm.RS256);
        assertThat(keys.withKid("any").get(0).algorithms()).containsExactlyInAnyOrderElementsOf(RS);
        assertThat(keys.withKid("enc")).isEmpty();
    }

    @Test
    void parseWhenKeyKindFitsNoAllowedAlgorithmThenLeftOut() throws Exception {
        KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        KeyPair p521 = TestKeys.ec("secp521r1");
        String set = IssuerTokens.jwks(IssuerTokens.jwk("small", small.generateKeyPair().getPublic()),
                IssuerTokens.jwk("p521", p521.getPublic()),
                IssuerTokens.jwk("p384", TestKeys.generate(JwtAlgorithm.ES384).getPublic()),
                IssuerTokens.jwk("ed", TestKeys.pair(JwtAlgorithm.EDDSA).getPublic()));

        IssuerKeys keys = IssuerKeys.parse(set, EnumSet.of(JwtAlgorithm.RS256, JwtAlgorithm.ES384, JwtAlgorithm.ES256));

        assertThat(keys.all()).extracting(IssuerKeys.IssuerKey::kid).containsExactly("p384");
    }

    @Test
    void parseWhenNoKeyCanVerifyThenRefusedSoTheLastGoodSetStays() {
        String onlyEncryption = IssuerTokens.jwks(IssuerTokens.jwk("enc", TestKeys.pair(JwtAlgorithm.RS256).getPublic(),
                "use", "enc"));

        assertThatThrownBy(() -> IssuerKeys.parse(onlyEncryption, RS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no signature key");
        assertThatThrownBy(() -> IssuerKeys.parse("{\"keys\":{}}", RS)).isInstanceOf(IllegalArgumentException.class);
    }
}
