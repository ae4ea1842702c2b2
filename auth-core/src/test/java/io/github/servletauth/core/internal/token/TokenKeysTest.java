package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.JwtAlgorithm;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenKeysTest {
    @TempDir
    Path dir;

    AuthConfig config(JwtAlgorithm alg, Path keyFile, String keyId) {
        return AuthConfig.builder().set("auth.jwt.algorithm", alg.jwsName())
                .set("auth.jwt.key-file", keyFile.toString()).set("auth.jwt.key-id", keyId).build();
    }

    @Test
    void jwksJsonWhenHs256ThenEmptySet() {
        String secret = TestKeys.secret();
        AuthConfig c = AuthConfig.builder().set("auth.jwt.secret", secret).set("auth.data-dir", dir.toString()).build();

        TokenKeys keys = TokenKeys.fromConfig(c, Optional.empty());

        assertThat(keys.jwksJson()).isEqualTo("{\"keys\":[]}");
        assertThat(keys.canSign()).isTrue();
    }

    @Test
    void fromConfigWhenHs256WithoutConfiguredSecretThenUsesGeneratedSecret() {
        byte[] generated = TestKeys.secretBytes(TestKeys.secret());
        AuthConfig c = AuthConfig.builder().set("auth.data-dir", dir.toString()).build();

        TokenKeys keys = TokenKeys.fromConfig(c, Optional.of(generated));

        assertThat(keys.signingKeyId()).isEqualTo(TokenKeys.hmacKeyId(generated));
        assertThat(keys.signingKey().getEncoded()).isEqualTo(generated);
    }

    @Test
    void hmacKeyIdWhenComputedThenStableShortAndNotTheSecret() {
        byte[] a = TestKeys.secretBytes(TestKeys.secret());
        byte[] b = TestKeys.secretBytes(TestKeys.secret());

        String kid = TokenKeys.hmacKeyId(a);

        assertThat(kid).hasSize(11).isEqualTo(TokenKeys.hmacKeyId(a.clone())).isNotEqualTo(TokenKeys.hmacKeyId(b));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(a)).doesNotContain(kid);
    }

    @ParameterizedTest
    @EnumSource(value = JwtAlgorithm.class, names = {"RS256", "ES256", "EDDSA"})
    void jwksJsonWhenKeyFileHasPrivateKeysThenPublishesPublicPartsOnly(JwtAlgorithm alg) throws Exception {
        KeyPair old = TestKeys.generate(alg);
        Path file = TestKeys.write(dir, "keys.json", TestKeys.jwks(List.of(
                new TestKeys.Entry("current", TestKeys.pair(alg), true), new TestKeys.Entry(null, old, false))));

        String jwks = TokenKeys.fromConfig(config(alg, file, null), Optional.empty()).jwksJson();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(jwks).get("keys");
        assertThat(keys).hasSize(2).allSatisfy(k -> {
            assertThat(k).containsEntry("alg", alg.jwsName()).containsEntry("use", "sig").containsKey("kid")
                    .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
        });
        assertThat(keys.get(0)).containsEntry("kid", "current");
        // a key without kid gets its RFC 7638 thumbprint
        assertThat(keys.get(1)).containsEntry("kid",
                PublicJsonWebKey.Factory.newPublicJwk(old.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256"));
        assertThat(PublicJsonWebKey.Factory.newPublicJwk(keys.get(0)).getPublicKey())
                .isEqualTo(TestKeys.pair(alg).getPublic());
    }

    @Test
    void fromConfigWhenPemThenKidIsThumbprint() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.EDDSA);
        Path file = TestKeys.write(dir, "key.pem", TestKeys.pem(pair));

        TokenKeys keys = TokenKeys.fromConfig(config(JwtAlgorithm.EDDSA, file, null), Optional.empty());

        assertThat(keys.signingKeyId()).isEqualTo(
                PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256"));
    }

    @Test
    void fromConfigWhenKeyIdGivenThenThatKeySigns() throws Exception {
        Path file = TestKeys.write(dir, "keys.json", TestKeys.jwks(List.of(
                new TestKeys.Entry("a", TestKeys.pair(JwtAlgorithm.ES256), true),
                new TestKeys.Entry("b", TestKeys.generate(JwtAlgorithm.ES256), true))));

        assertThat(TokenKeys.fromConfig(config(JwtAlgorithm.ES256, file, "b"), Optional.empty()).signingKeyId())
                .isEqualTo("b");
        assertThat(TokenKeys.fromConfig(config(JwtAlgorithm.ES256, file, null), Optional.empty()).signingKeyId())
                .isEqualTo("a");
    }

    @Test
    void fromConfigWhenKeyIdNotInFileThenNamesKeyId() throws Exception {
        Path file = TestKeys.write(dir, "keys.json", TestKeys.jwks(List.of(
                new TestKeys.Entry("a", TestKeys.pair(JwtAlgorithm.ES256), true),
                new TestKeys.Entry("pub", TestKeys.generate(JwtAlgorithm.ES256), false))));

        assertConfigError(() -> TokenKeys.fromConfig(config(JwtAlgorithm.ES256, file, "zzz"), Optional.empty()),
                "auth.jwt.key-id");
        assertConfigError(() -> TokenKeys.fromConfig(config(JwtAlgorithm.ES256, file, "pub"), Optional.empty()),
                "auth.jwt.key-id");
    }

    @Test
    void fromConfigWhenKeyFileMissingOrUnreadableThenNamesKeyFile() throws Exception {
        assertKeyFileError(JwtAlgorithm.RS256, dir.resolve("missing.pem"));
        assertKeyFileError(JwtAlgorithm.RS256, dir);
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "garbage", "hello"));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "empty", ""));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "bad.json", "{\"keys\":"));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "nokeys.json", "{\"kty\":\"RSA\"}"));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "emptyset.json", "{\"keys\":[]}"));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "badjwk.json", "{\"keys\":[{\"kty\":\"RSA\"}]}"));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "oct.json",
                "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + TestKeys.secret().substring(7).replace('+', '-')
                        .replace('/', '_').replace("=", "") + "\"}]}"));
    }

    @Test
    void fromConfigWhenKeyTypeDoesNotFitAlgorithmThenNamesKeyFile() throws Exception {
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "small.pem", TestKeys.pem(rsa1024.generateKeyPair())));
        assertKeyFileError(JwtAlgorithm.RS256, TestKeys.write(dir, "ec.pem", TestKeys.pem(TestKeys.pair(JwtAlgorithm.ES256))));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "p384.json",
                TestKeys.jwks(List.of(new TestKeys.Entry("k", TestKeys.ec("secp384r1"), true)))));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "rsa.json",
                TestKeys.jwks(List.of(new TestKeys.Entry("k", TestKeys.pair(JwtAlgorithm.RS256), true)))));
        assertKeyFileError(JwtAlgorithm.EDDSA, TestKeys.write(dir, "ed448.pem",
                TestKeys.pem(KeyPairGenerator.getInstance("Ed448").generateKeyPair())));
        assertKeyFileError(JwtAlgorithm.EDDSA, TestKeys.write(dir, "es.json",
                TestKeys.jwks(List.of(new TestKeys.Entry("k", TestKeys.pair(JwtAlgorithm.ES256), true)))));
    }

    @Test
    void fromConfigWhenPemIncompleteOrMismatchedThenNamesKeyFile() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.ES256);
        KeyPair other = TestKeys.generate(JwtAlgorithm.ES256);
        String privateOnly = TestKeys.block("PRIVATE KEY", pair.getPrivate().getEncoded());
        String publicOnly = TestKeys.block("PUBLIC KEY", pair.getPublic().getEncoded());

        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "priv.pem", privateOnly));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "pub.pem", publicOnly));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "mixed.pem",
                privateOnly + TestKeys.block("PUBLIC KEY", other.getPublic().getEncoded())));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "pkcs1.pem",
                TestKeys.block("EC PRIVATE KEY", pair.getPrivate().getEncoded()) + publicOnly));
        assertKeyFileError(JwtAlgorithm.ES256, TestKeys.write(dir, "public.json",
                TestKeys.jwks(List.of(new TestKeys.Entry("k", pair, false)))));
    }

    @Test
    void configErrorWhenKeyFileRefusedThenMessageHoldsNoKeyMaterial() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.RS256);
        Path file = TestKeys.write(dir, "wrong.json", TestKeys.jwks(List.of(new TestKeys.Entry("k", pair, true))));

        assertThatThrownBy(() -> TokenKeys.fromConfig(config(JwtAlgorithm.ES256, file, null), Optional.empty()))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> {
                    assertThat(e.getMessage()).contains(file.toString()).doesNotContain("\"d\"")
                            .doesNotContain(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                                    .substring(40, 60));
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void forVerificationWhenPublicKeyFileThenVerifiesButCannotSign() throws Exception {
        KeyPair pair = TestKeys.pair(JwtAlgorithm.RS256);
        Path pub = TestKeys.write(dir, "pub.pem", TestKeys.block("PUBLIC KEY", pair.getPublic().getEncoded()));

        TokenKeys keys = TokenKeys.forVerification(config(JwtAlgorithm.RS256, pub, null));

        assertThat(keys.canSign()).isFalse();
        assertThat(keys.verificationKeys()).containsExactly(pair.getPublic());
        assertThat(TokenKeys.fromPublicKeyFile(JwtAlgorithm.RS256, pub).jwksJson()).isEqualTo(keys.jwksJson());
        assertThatThrownBy(keys::signingKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forVerificationWhenSecretTooShortOrMissingThenNamesSecret() {
        assertConfigError(() -> TokenKeys.forVerification(List.of(new byte[31])), "auth.jwt.secret");
        assertConfigError(() -> TokenKeys.forVerification(List.of()), "auth.jwt.secret");
        assertConfigError(() -> TokenKeys.forVerification(AuthConfig.builder().set("auth.data-dir", dir.toString())
                .build()), "auth.jwt.secret");
    }

    @Test
    void fromJwksWhenAlgorithmIsHs256ThenIllegalArgument() {
        assertThatThrownBy(() -> TokenKeys.fromJwks(JwtAlgorithm.HS256, "{\"keys\":[]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertKeyFileError(JwtAlgorithm alg, Path file) {
        assertConfigError(() -> TokenKeys.fromConfig(config(alg, file, null), Optional.empty()), "auth.jwt.key-file");
    }

    private static void assertConfigError(Runnable action, String key) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.key()).isEqualTo(key));
    }
}
