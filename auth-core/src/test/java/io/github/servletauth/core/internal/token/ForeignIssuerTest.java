package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.JwtAlgorithm;
import io.github.servletauth.core.VerifiedToken;
import io.github.servletauth.testing.IssuerTokens;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tokens of other issuers, shaped exactly like those of Keycloak 26, Entra ID v2, Auth0 and Okta, signed with keys
 * of a local issuer that publishes its metadata and JWK Set over HTTP.
 */
class ForeignIssuerTest {
    @RegisterExtension
    final JwksServer issuer = new JwksServer();

    private final List<RemoteJwks> started = new ArrayList<>();
    private final KeyPair rsa = TestKeys.pair(JwtAlgorithm.RS256);
    private final Instant now = Instant.now();

    @AfterEach
    void stopVerifiers() {
        started.forEach(RemoteJwks::close);
    }

    @Test
    void keycloakAccessTokenWhenVerifiedThenPreferredUsernameRealmRolesAndStringSubject() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app", "auth.jwt.username-claim", "preferred_username",
                "auth.jwt.roles-claim", "realm_access.roles");

        VerifiedToken token = verifier.verify(rs256(IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now), "JWT"));

        assertThat(token.username()).isEqualTo("zoe");
        assertThat(token.roles()).contains("clerk", "offline_access").doesNotContain("reports-reader");
        assertThat(token.subject()).isEqualTo("f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35");
        assertThat(token.userId()).isEqualTo(VerifiedToken.NO_USER_ID);
        assertThat(token.hasUserId()).isFalse();
        assertThat(token.sessionId()).isEqualTo("6b0c2d4e-93a1-4f6b-8e2d-0a7c5b3e9f12");
        assertThat(token.tokenId()).startsWith("onrtac:");
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(now.getEpochSecond() + 300));
    }

    @Test
    void keycloakAccessTokenWhenRolesOfOneClientThenResourceAccessPathFollowed() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app", "auth.jwt.roles-claim", "resource_access.legacy-app.roles");

        VerifiedToken token = verifier.verify(rs256(IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now), "JWT"));

        assertThat(token.roles()).containsExactly("reports-reader");
        assertThat(token.username()).as("default username claim: sub").isEqualTo(token.subject());
    }

    @Test
    void entraAccessTokenWhenVerifiedThenAppRolesOrScopesAndNoTokenId() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
        publish(IssuerTokens.jwk("entra-1", rsa.getPublic()));
        String api = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
        String jwt = rs256(IssuerTokens.entraAccess(iss, api, now), "JWT");

        VerifiedToken byRoles = verifier(iss, api, "auth.jwt.access-ttl", "PT90M",
                "auth.jwt.username-claim", "preferred_username", "auth.jwt.roles-claim", "roles").verify(jwt);
        VerifiedToken byScopes = verifier(iss, api, "auth.jwt.access-ttl", "PT90M", "auth.jwt.roles-claim", "scp")
                .verify(jwt);

        assertThat(byRoles.username()).isEqualTo("abeli@microsoft.com");
        assertThat(byRoles.roles()).containsExactlyInAnyOrder("Reports.Read", "Reports.Write");
        assertThat(byScopes.roles()).containsExactlyInAnyOrder("access_as_user", "User.Read");
        assertThat(byRoles.tokenId()).isEmpty();
        assertThat(byRoles.sessionId()).isEmpty();
    }

    @Test
    void entraAccessTokenWhenLongerThanAccessTtlThenExpiryTooFar() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
        publish(IssuerTokens.jwk("entra-1", rsa.getPublic()));
        String jwt = rs256(IssuerTokens.entraAccess(iss, "api-1", now), "JWT");

        assertRefused(() -> verifier(iss, "api-1").verify(jwt), Reason.EXPIRY_TOO_FAR);
    }

    @Test
    void auth0AccessTokenWhenIssuerEndsWithSlashThenAudienceArrayAndNamespacedClaimsMapped() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/");
        assertThat(iss).endsWith("/");
        publish(IssuerTokens.jwk("auth0-1", rsa.getPublic(), "use", "sig", "alg", "RS256"));
        RemoteJwks verifier = verifier(iss, "https://api.example.org", "auth.jwt.access-ttl", "P1D",
                "auth.jwt.username-claim", "https://example.org/email", "auth.jwt.roles-claim", "https://example.org/roles");

        VerifiedToken token = verifier.verify(rs256(IssuerTokens.auth0Access(iss, "https://api.example.org", now), "JWT"));

        assertThat(token.username()).isEqualTo("zoe@example.org");
        assertThat(token.roles()).containsExactly("clerk");
        assertThat(token.subject()).isEqualTo("auth0|5f7c8ec7c33c6c004bbafe82");
        assertThat(issuer.requests).contains("/.well-known/openid-configuration");
    }

    @Test
    void auth0AccessTokenWhenRfc9068ProfileThenAtJwtTypeAndClientIdAccepted() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/");
        publish(IssuerTokens.jwk("auth0-1", rsa.getPublic()));
        Map<String, Object> claims = IssuerTokens.auth0Access(iss, "https://api.example.org", now);
        claims.remove("azp");
        claims.put("client_id", "my_client_id_3xKq");
        claims.put("jti", "4f3a0c2e9b1d");
        RemoteJwks verifier = verifier(iss, "https://api.example.org", "auth.jwt.access-ttl", "P1D",
                "auth.jwt.typ", "at+jwt", "auth.jwt.roles-claim", "permissions");

        VerifiedToken token = verifier.verify(rs256(claims, "at+jwt"));

        assertThat(token.roles()).containsExactly("read:reports");
        assertThat(token.tokenId()).isEqualTo("4f3a0c2e9b1d");
        assertRefused(() -> verifier.verify(rs256(IssuerTokens.auth0Access(iss, "https://api.example.org", now), "JWT")),
                Reason.NOT_ACCESS_TOKEN);
    }

    @Test
    void oktaAccessTokenWhenOnlyRfc8414MetadataThenFoundByPathInsertionAndGroupsMapped() throws Exception {
        issuer.start();
        String iss = issuer.base() + "/oauth2/default";
        issuer.documents.put("/.well-known/oauth-authorization-server/oauth2/default",
                JwksServer.metadata(iss, issuer.base() + "/jwks"));
        publish(IssuerTokens.jwk("okta-1", rsa.getPublic(), "alg", "RS256", "use", "sig"));
        RemoteJwks verifier = verifier(iss, "api://default", "auth.jwt.access-ttl", "PT1H",
                "auth.jwt.roles-claim", "groups");

        VerifiedToken token = verifier.verify(rs256(IssuerTokens.oktaAccess(iss, "api://default", now), null));

        assertThat(token.username()).isEqualTo("zoe@example.org");
        assertThat(token.roles()).containsExactlyInAnyOrder("Everyone", "Clerks");
        assertThat(issuer.requests).startsWith("/oauth2/default/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server/oauth2/default", "/jwks");
    }

    @Test
    void oktaAccessTokenWhenScopesArrayThenEachScopeARole() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/oauth2/default");
        publish(IssuerTokens.jwk("okta-1", rsa.getPublic()));

        VerifiedToken token = verifier(iss, "api://default", "auth.jwt.access-ttl", "PT1H", "auth.jwt.roles-claim", "scp")
                .verify(rs256(IssuerTokens.oktaAccess(iss, "api://default", now), null));

        assertThat(token.roles()).containsExactlyInAnyOrder("openid", "email", "reports");
    }

    @Test
    void idTokensWhenAudienceAndSignatureFitThenRefusedAsNotAccessTokens() throws Exception {
        issuer.start();
        publish(IssuerTokens.jwk("k1", rsa.getPublic()));
        String keycloak = issuer.publishMetadata("/realms/staff");
        String entra = issuer.publishMetadata("/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
        String auth0 = issuer.publishMetadata("/");
        String okta = issuer.publishMetadata("/oauth2/default");
        Map<String, Object> entraWithoutNonce = IssuerTokens.entraId(entra, "client-1", now);
        entraWithoutNonce.remove("nonce");

        assertRefused(() -> verifier(keycloak, "portal").verify(rs256(IssuerTokens.keycloakId(keycloak, "portal", now), "JWT")),
                Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier(entra, "client-1", "auth.jwt.access-ttl", "PT1H")
                .verify(rs256(IssuerTokens.entraId(entra, "client-1", now), "JWT")), Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier(entra, "client-1", "auth.jwt.access-ttl", "PT1H")
                .verify(rs256(entraWithoutNonce, "JWT")), Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier(auth0, "client-1", "auth.jwt.access-ttl", "PT10H")
                .verify(rs256(IssuerTokens.auth0Id(auth0, "client-1", now), "JWT")), Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier(okta, "client-1", "auth.jwt.access-ttl", "PT1H")
                .verify(rs256(IssuerTokens.oktaId(okta, "client-1", now), null)), Reason.NOT_ACCESS_TOKEN);
    }

    @Test
    void clientClaimWhenAbsentThenRefusedUnlessTheHeaderTypesTheTokenAsAnAccessToken() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        claims.remove("azp");

        assertRefused(() -> verifier.verify(rs256(claims, "JWT")), Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier.verify(rs256(claims, null)), Reason.NOT_ACCESS_TOKEN);
        assertThat(verifier.verify(rs256(claims, "at+jwt")).subject()).isNotBlank();
        claims.put("nonce", "abc");
        assertRefused(() -> verifier.verify(rs256(claims, "at+jwt")), Reason.NOT_ACCESS_TOKEN);
    }

    @Test
    void keycloakRefreshTypedTokenWhenPresentedThenNotAnAccessToken() throws Exception {
        String iss = startKeycloak();
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        claims.put("typ", "Refresh");

        assertRefused(() -> verifier(iss, "legacy-app").verify(rs256(claims, "JWT")), Reason.NOT_ACCESS_TOKEN);
    }

    @Test
    void headerTypeWhenOktaOrgServerOrLogoutThenNotAnAccessToken() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);

        assertRefused(() -> verifier.verify(rs256(claims, "application/okta-internal-at+jwt")), Reason.NOT_ACCESS_TOKEN);
        assertRefused(() -> verifier.verify(rs256(claims, "logout+jwt")), Reason.NOT_ACCESS_TOKEN);
        assertThat(verifier.verify(rs256(claims, "application/at+jwt")).subject()).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(value = JwtAlgorithm.class, names = {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EDDSA"})
    void algorithmWhenIssuerPublishesItAndItIsAllowedThenVerified(JwtAlgorithm alg) throws Exception {
        KeyPair pair = TestKeys.generate(alg);
        issuer.start();
        String iss = issuer.publishMetadata("/realms/staff");
        publish(IssuerTokens.jwk("k-" + alg, pair.getPublic()), IssuerTokens.jwk("r1", rsa.getPublic()));
        RemoteJwks verifier = verifier(iss, "legacy-app", "auth.jwt.algorithm", "RS256," + alg.jwsName()
                .replace("RS256", "ES256"));
        String jwt = IssuerTokens.sign(IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now), alg.jwsName(),
                "k-" + alg, "JWT", pair.getPrivate());

        assertThat(verifier.verify(jwt).subject()).isEqualTo("f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35");
    }

    @Test
    void algorithmWhenNotInAllowListThenRefusedEvenWithThePublishedKey() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);

        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "RS512", "kc-1", "JWT", rsa.getPrivate())),
                Reason.ALGORITHM_NOT_ALLOWED);
        // the classic confusion: the public key's bytes as an HMAC secret
        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "HS256", "kc-1", "JWT",
                new org.jose4j.keys.HmacKey(rsa.getPublic().getEncoded()))), Reason.ALGORITHM_NOT_ALLOWED);
        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "none", "kc-1", "JWT", null)),
                Reason.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void tokensWhenWrongIssuerAudienceKidOrExpiredThenEachRefusedWithItsReason() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> otherRealm = IssuerTokens.keycloakAccess(issuer.base() + "/realms/other", "legacy-app", "portal", now);
        Map<String, Object> otherApp = IssuerTokens.keycloakAccess(iss, "other-app", "portal", now);
        Map<String, Object> expired = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now.minusSeconds(3600));
        Map<String, Object> good = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);

        assertRefused(() -> verifier.verify(rs256(otherRealm, "JWT")), Reason.WRONG_ISSUER);
        assertRefused(() -> verifier.verify(rs256(otherApp, "JWT")), Reason.WRONG_AUDIENCE);
        assertRefused(() -> verifier.verify(rs256(expired, "JWT")), Reason.EXPIRED);
        assertRefused(() -> verifier.verify(IssuerTokens.sign(good, "RS256", "kc-2", "JWT", rsa.getPrivate())),
                Reason.UNKNOWN_KEY);
        assertRefused(() -> verifier.verify(IssuerTokens.sign(good, "RS256", "kc-1", "JWT",
                TestKeys.generate(JwtAlgorithm.RS256).getPrivate())), Reason.BAD_SIGNATURE);
    }

    @Test
    void claimsWhenMappedClaimHasTheWrongTypeThenRefusedWithWrongClaimType() throws Exception {
        String iss = startKeycloak();
        RemoteJwks byRealmRoles = verifier(iss, "legacy-app", "auth.jwt.roles-claim", "realm_access.roles",
                "auth.jwt.username-claim", "preferred_username");
        Map<String, Object> rolesNumber = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        rolesNumber.put("realm_access", Map.of("roles", 7));
        Map<String, Object> rolesOfObjects = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        rolesOfObjects.put("realm_access", Map.of("roles", List.of(Map.of("name", "clerk"))));
        Map<String, Object> realmAccessText = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        realmAccessText.put("realm_access", "clerk");
        Map<String, Object> usernameNumber = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        usernameNumber.put("preferred_username", 42);
        Map<String, Object> noUsername = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        noUsername.remove("preferred_username");
        Map<String, Object> noRealmRoles = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        noRealmRoles.remove("realm_access");

        assertRefused(() -> byRealmRoles.verify(rs256(rolesNumber, "JWT")), Reason.WRONG_CLAIM_TYPE);
        assertRefused(() -> byRealmRoles.verify(rs256(rolesOfObjects, "JWT")), Reason.WRONG_CLAIM_TYPE);
        assertRefused(() -> byRealmRoles.verify(rs256(realmAccessText, "JWT")), Reason.WRONG_CLAIM_TYPE);
        assertRefused(() -> byRealmRoles.verify(rs256(usernameNumber, "JWT")), Reason.WRONG_CLAIM_TYPE);
        assertRefused(() -> byRealmRoles.verify(rs256(noUsername, "JWT")), Reason.MISSING_CLAIM);
        assertThat(byRealmRoles.verify(rs256(noRealmRoles, "JWT")).roles()).as("no roles claim: no roles").isEmpty();
    }

    @Test
    void encryptionKeyWhenATokenNamesItThenNeverUsedToVerify() throws Exception {
        KeyPair enc = TestKeys.generate(JwtAlgorithm.RS256);
        KeyPair withAlg = TestKeys.generate(JwtAlgorithm.RS256);
        issuer.start();
        String iss = issuer.publishMetadata("/realms/staff");
        // Keycloak publishes its RSA-OAEP key beside the RS256 one
        publish(IssuerTokens.jwk("kc-1", rsa.getPublic(), "use", "sig", "alg", "RS256"),
                IssuerTokens.jwk("kc-enc", enc.getPublic(), "use", "enc", "alg", "RSA-OAEP"),
                IssuerTokens.jwk("kc-oaep", withAlg.getPublic(), "alg", "RSA-OAEP-256"),
                IssuerTokens.jwk("kc-ops", withAlg.getPublic(), "key_ops", "encrypt"));
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);

        assertThat(verifier.verify(rs256(claims, "JWT")).subject()).isNotBlank();
        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "RS256", "kc-enc", "JWT", enc.getPrivate())),
                Reason.UNKNOWN_KEY);
        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "RS256", "kc-oaep", "JWT", withAlg.getPrivate())),
                Reason.UNKNOWN_KEY);
        // without a kid every signature key is tried, and the encryption keys are none of them
        assertRefused(() -> verifier.verify(IssuerTokens.sign(claims, "RS256", null, "JWT", enc.getPrivate())),
                Reason.BAD_SIGNATURE);
    }

    @Test
    void keyRotationWhenIssuerAddsAKeyThenNewTokensVerifyAfterAnEarlyRefetchAndRemovedKeyStopsVerifying()
            throws Exception {
        KeyPair next = TestKeys.generate(JwtAlgorithm.RS256);
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");
        Map<String, Object> claims = IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now);
        String old = rs256(claims, "JWT");
        String rotated = IssuerTokens.sign(claims, "RS256", "kc-2", "JWT", next.getPrivate());
        assertThat(verifier.verify(old).subject()).isNotBlank();

        publish(IssuerTokens.jwk("kc-1", rsa.getPublic()), IssuerTokens.jwk("kc-2", next.getPublic()));
        assertRefused(() -> verifier.verify(rotated), Reason.UNKNOWN_KEY);
        assertThat(eventually(() -> verifier.verify(rotated) != null)).isTrue();

        publish(IssuerTokens.jwk("kc-2", next.getPublic()));
        claims.put("jti", "onrtac:another");
        String oldKeyNewToken = IssuerTokens.sign(claims, "RS256", "kc-1", "JWT", rsa.getPrivate());
        assertThat(eventually(() -> {
            try {
                verifier.verify(IssuerTokens.sign(claims, "RS256", "kc-3", "JWT", next.getPrivate()));
            } catch (InvalidTokenException e) {
                // an unknown kid makes the verifier fetch the set again
            }
            verifier.verify(oldKeyNewToken);
            return false;
        }, Reason.UNKNOWN_KEY)).isTrue();
    }

    @Test
    void issuerWhenDownAtStartThenTokensRefusedUntilItAnswersAndStartNotBlocked() throws Exception {
        int port = issuer.freePort();
        String iss = issuer.base() + "/realms/staff";
        RemoteJwks verifier = RemoteJwks.forIssuer(config(iss, "legacy-app"), Duration.ZERO);
        started.add(verifier);
        assertThat(verifier.awaitKeys(Duration.ofSeconds(10))).isFalse();
        String jwt = IssuerTokens.sign(IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now), "RS256", "kc-1",
                "JWT", rsa.getPrivate());
        assertRefused(() -> verifier.verify(jwt), Reason.UNKNOWN_KEY);

        issuer.start(port);
        issuer.publishMetadata("/realms/staff");
        publish(IssuerTokens.jwk("kc-1", rsa.getPublic()));

        assertThat(eventually(() -> verifier.verify(jwt) != null)).isTrue();
    }

    @Test
    void metadataWhenItNamesAnotherIssuerThenItsKeysAreNeverUsed() throws Exception {
        issuer.start();
        String iss = issuer.base() + "/realms/staff";
        issuer.documents.put("/realms/staff/.well-known/openid-configuration",
                JwksServer.metadata(issuer.base() + "/realms/other", issuer.base() + "/jwks"));
        publish(IssuerTokens.jwk("kc-1", rsa.getPublic()));
        RemoteJwks verifier = RemoteJwks.forIssuer(config(iss, "legacy-app"), Duration.ZERO);
        started.add(verifier);

        assertThat(verifier.awaitKeys(Duration.ofSeconds(10))).isFalse();
        assertRefused(() -> verifier.verify(rs256(IssuerTokens.keycloakAccess(iss, "legacy-app", "portal", now), "JWT")),
                Reason.UNKNOWN_KEY);
        assertThat(issuer.fetches.get()).as("the JWK Set of a mismatched issuer is not even fetched").isZero();
    }

    @Test
    void tokenWhenNotJwsOrTooLargeThenMalformedBeforeAnyKeyIsNeeded() throws Exception {
        String iss = startKeycloak();
        RemoteJwks verifier = verifier(iss, "legacy-app");

        assertRefused(() -> verifier.verify("not a token"), Reason.MALFORMED);
        assertRefused(() -> verifier.verify("a".repeat(ForeignTokenCodec.MAX_TOKEN_CHARS) + ".b.c"), Reason.MALFORMED);
    }

    private String startKeycloak() throws Exception {
        issuer.start();
        String iss = issuer.publishMetadata("/realms/staff");
        publish(IssuerTokens.jwk("kc-1", rsa.getPublic(), "use", "sig", "alg", "RS256"));
        return iss;
    }

    private void publish(String... jwks) {
        issuer.served.set(IssuerTokens.jwks(jwks));
    }

    private String rs256(Map<String, Object> claims, String typ) {
        return IssuerTokens.sign(claims, "RS256", firstKid(), typ, rsa.getPrivate());
    }

    private String firstKid() {
        String served = issuer.served.get();
        int at = served.indexOf("\"kid\":\"") + 7;
        return served.substring(at, served.indexOf('"', at));
    }

    private static AuthConfig config(String iss, String audience, String... more) {
        AuthConfig.Builder b = AuthConfig.builder().set("auth.jwt.issuer-uri", iss).set("auth.jwt.audience", audience)
                .set("auth.jwt.algorithm", "RS256");
        for (int i = 0; i < more.length; i += 2) {
            b.set(more[i], more[i + 1]);
        }
        return b.build();
    }

    private RemoteJwks verifier(String iss, String audience, String... more) {
        RemoteJwks verifier = RemoteJwks.forIssuer(config(iss, audience, more), Duration.ZERO);
        started.add(verifier);
        assertThat(verifier.awaitKeys(Duration.ofSeconds(10))).as("keys fetched").isTrue();
        return verifier;
    }

    private static void assertRefused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidTokenException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static boolean eventually(BooleanSupplier check) throws InterruptedException {
        return eventually(check, null);
    }

    /** Polls until the check holds, or (with {@code refusal}) until it throws that refusal. */
    private static boolean eventually(BooleanSupplier check, Reason refusal) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (check.getAsBoolean()) {
                    return true;
                }
            } catch (InvalidTokenException e) {
                if (refusal != null && e.reason() == refusal) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }
}
