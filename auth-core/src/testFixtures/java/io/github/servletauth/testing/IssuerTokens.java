package io.github.servletauth.testing;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;

import java.security.Key;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access and ID tokens of other issuers, claim for claim as their documentation shows them, for tests that
 * mint them with their own keys. Each method returns a fresh, mutable map (in the issuer's member order) valid
 * from {@code now} for the issuer's usual lifetime, so a test can change one claim. Sources:
 * <ul>
 *   <li>Keycloak 26: the access token of a confidential client (header {@code typ: JWT}); the ID token has
 *       {@code "typ":"ID"} where the access token has {@code "typ":"Bearer"}, plus {@code nonce} and
 *       {@code at_hash}; both carry {@code azp} and {@code sid}.</li>
 *   <li>Microsoft Entra ID, v2.0 tokens ("Access token claims reference", "ID token claims reference"): the
 *       access token carries {@code azp}, {@code azpacr}, {@code scp} (space-separated) and/or {@code roles},
 *       {@code ver: "2.0"}; the ID token has the client id as {@code aud}, no {@code azp}, and {@code nonce}
 *       when the client sent one.</li>
 *   <li>Auth0: the access token for an API ({@code aud} an array with the userinfo URL, {@code azp},
 *       {@code scope}, RBAC {@code permissions}, a namespaced custom claim); the ID token has the client id as
 *       {@code aud}, profile claims and {@code nonce}. Its issuer ends with {@code /}.</li>
 *   <li>Okta, custom authorization server: the access token has no {@code typ} header, {@code ver: 1},
 *       {@code jti} {@code AT.…}, {@code cid}, {@code uid}, {@code scp} (an array); the ID token has no
 *       {@code cid}, a {@code jti} {@code ID.…}, {@code amr}, {@code idp}, {@code nonce} and {@code at_hash}.</li>
 * </ul>
 */
public final class IssuerTokens {

    private IssuerTokens() {
    }

    /** Keycloak 26 access token for {@code client}, with an audience mapper adding {@code audience}. */
    public static Map<String, Object> keycloakAccess(String issuer, String audience, String client, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now.getEpochSecond() + 300);
        c.put("iat", now.getEpochSecond());
        c.put("auth_time", now.getEpochSecond() - 20);
        c.put("jti", "onrtac:8c2f6a3e-2b7e-4a0c-9d0f-5f0d2f1c9b11");
        c.put("iss", issuer);
        c.put("aud", List.of(audience, "account"));
        c.put("sub", "f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35");
        c.put("typ", "Bearer");
        c.put("azp", client);
        c.put("sid", "6b0c2d4e-93a1-4f6b-8e2d-0a7c5b3e9f12");
        c.put("acr", "1");
        c.put("allowed-origins", List.of("https://portal.example.org"));
        c.put("realm_access", Map.of("roles", List.of("default-roles-staff", "offline_access", "uma_authorization",
                "clerk")));
        c.put("resource_access", Map.of(audience, Map.of("roles", List.of("reports-reader")),
                "account", Map.of("roles", List.of("manage-account", "view-profile"))));
        c.put("scope", "openid email profile");
        c.put("email_verified", true);
        c.put("name", "Zoe Keller");
        c.put("preferred_username", "zoe");
        c.put("given_name", "Zoe");
        c.put("family_name", "Keller");
        c.put("email", "zoe@example.org");
        return c;
    }

    /** Keycloak 26 ID token of the same sign-in, issued to {@code client}. */
    public static Map<String, Object> keycloakId(String issuer, String client, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now.getEpochSecond() + 300);
        c.put("iat", now.getEpochSecond());
        c.put("auth_time", now.getEpochSecond() - 20);
        c.put("jti", "ntrtac:0f3b2d1e-4c5a-4b7e-8d9f-1a2b3c4d5e6f");
        c.put("iss", issuer);
        c.put("aud", client);
        c.put("sub", "f3a9c1de-5b6e-4c2a-9a47-1f0b8e2d7c35");
        c.put("typ", "ID");
        c.put("azp", client);
        c.put("nonce", "n-0S6_WzA2Mj");
        c.put("sid", "6b0c2d4e-93a1-4f6b-8e2d-0a7c5b3e9f12");
        c.put("at_hash", "77QmUPtjPfzWtF2AnpK9RQ");
        c.put("acr", "1");
        c.put("email_verified", true);
        c.put("name", "Zoe Keller");
        c.put("preferred_username", "zoe");
        c.put("email", "zoe@example.org");
        return c;
    }

    /** Entra ID v2.0 access token for the API whose client id is {@code apiClientId}, delegated and with app roles. */
    public static Map<String, Object> entraAccess(String issuer, String apiClientId, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", apiClientId);
        c.put("iss", issuer);
        c.put("iat", now.getEpochSecond());
        c.put("nbf", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 4512);
        c.put("aio", "AXQAi/8TAAAAqxsuB+R4D2rFQqOETO4YdXbLD9kZ8xfXadeAM0Q2NkNT5izfg3uwbWSXhuSSj6UT5hy2D6WqApB5jKA6ZgZ9k/SU27uV9cetXfLOtpNttgk5DcBtk+LLstz/Jg+gYRmv9bUU4XlphTc6C86Jmj1FCw==");
        c.put("azp", "14b4c4f2-7d5c-4b0e-9c3a-6f1e2d3c4b5a");
        c.put("azpacr", "0");
        c.put("name", "Abe Lincoln");
        c.put("oid", "690222be-ff1a-4d56-abd1-7e4f7d38e474");
        c.put("preferred_username", "abeli@microsoft.com");
        c.put("rh", "I");
        c.put("roles", List.of("Reports.Read", "Reports.Write"));
        c.put("scp", "access_as_user User.Read");
        c.put("sub", "HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ");
        c.put("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        c.put("uti", "fqiBqXLPj0eQa82S-IYFAA");
        c.put("ver", "2.0");
        return c;
    }

    /** Entra ID v2.0 ID token issued to {@code clientId}. */
    public static Map<String, Object> entraId(String issuer, String clientId, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", clientId);
        c.put("iss", issuer);
        c.put("iat", now.getEpochSecond());
        c.put("nbf", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 3600);
        c.put("aio", "Df2UVXL1ix!lMCWMSOJBcFatzcGfvFGhjKv8q5g0x732dR5MB5BisvGQO7YWByjd8iQDLq!eGbIDakyp5mnOrcdqHeYSnltepQmRp6AIZ8jY");
        c.put("name", "Abe Lincoln");
        c.put("nonce", "123523");
        c.put("oid", "690222be-ff1a-4d56-abd1-7e4f7d38e474");
        c.put("preferred_username", "abeli@microsoft.com");
        c.put("rh", "I");
        c.put("sid", "00c6bd9b-5d3b-4b8b-9c5a-2f1e3d4c5b6a");
        c.put("sub", "HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ");
        c.put("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47");
        c.put("uti", "fqiBqXLPj0eQa82S-IYFAA");
        c.put("ver", "2.0");
        return c;
    }

    /** Auth0 access token for the API {@code apiIdentifier}, with RBAC permissions and a namespaced roles claim. */
    public static Map<String, Object> auth0Access(String issuer, String apiIdentifier, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("https://example.org/roles", List.of("clerk"));
        c.put("https://example.org/email", "zoe@example.org");
        c.put("iss", issuer);
        c.put("sub", "auth0|5f7c8ec7c33c6c004bbafe82");
        c.put("aud", List.of(apiIdentifier, issuer + "userinfo"));
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 86400);
        c.put("scope", "openid profile email read:reports");
        c.put("azp", "my_client_id_3xKq");
        c.put("permissions", List.of("read:reports"));
        return c;
    }

    /** Auth0 ID token issued to {@code clientId}. */
    public static Map<String, Object> auth0Id(String issuer, String clientId, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("nickname", "zoe");
        c.put("name", "zoe@example.org");
        c.put("picture", "https://s.gravatar.com/avatar/abc.png");
        c.put("updated_at", "2026-11-30T10:00:00.000Z");
        c.put("email", "zoe@example.org");
        c.put("email_verified", true);
        c.put("iss", issuer);
        c.put("aud", clientId);
        c.put("sub", "auth0|5f7c8ec7c33c6c004bbafe82");
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 36000);
        c.put("sid", "Vf3lS0gSwzJ9DzK1Lq3xQwGQm7mJ8ZkP");
        c.put("nonce", "bW9ja19ub25jZQ");
        return c;
    }

    /** Okta access token of a custom authorization server, with a {@code groups} claim added to it. */
    public static Map<String, Object> oktaAccess(String issuer, String audience, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ver", 1);
        c.put("jti", "AT.0mP4JKAZX1iACIT4vbEDF7LpvDVjxypPMf0D7uX39RE");
        c.put("iss", issuer);
        c.put("aud", audience);
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 3600);
        c.put("cid", "0oa1ho3a7fPm8cG2r5d7");
        c.put("uid", "00ujmkLgagxeRrAg20g3");
        c.put("scp", List.of("openid", "email", "reports"));
        c.put("auth_time", now.getEpochSecond() - 60);
        c.put("sub", "zoe@example.org");
        c.put("groups", List.of("Everyone", "Clerks"));
        return c;
    }

    /** Okta ID token issued to {@code clientId}. */
    public static Map<String, Object> oktaId(String issuer, String clientId, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", "00ujmkLgagxeRrAg20g3");
        c.put("name", "Zoe Keller");
        c.put("email", "zoe@example.org");
        c.put("ver", 1);
        c.put("iss", issuer);
        c.put("aud", clientId);
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 3600);
        c.put("jti", "ID.radCQMOQUmyvcTBmmIL0J6BaS60apUEiC7-vI7pOmkw");
        c.put("amr", List.of("pwd"));
        c.put("idp", "00o1ho3a7fPm8cG2r5d8");
        c.put("nonce", "n-0S6_WzA2Mj");
        c.put("preferred_username", "zoe@example.org");
        c.put("auth_time", now.getEpochSecond() - 60);
        c.put("at_hash", "fPlsvVszI29LU2UhDyJ9vg");
        return c;
    }

    /**
     * Signs claims as an issuer does: header {@code alg}, then {@code kid} and {@code typ} unless null.
     *
     * @return the compact JWS
     */
    public static String sign(Map<String, Object> claims, String alg, String kid, String typ, Key privateKey) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(alg);
            if (kid != null) {
                jws.setKeyIdHeaderValue(kid);
            }
            if (typ != null) {
                jws.setHeader("typ", typ);
            }
            jws.setKey(privateKey);
            jws.setDoKeyValidation(false);
            // so a test can also sign with "none" or HMAC over a public key, as an attacker would
            jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param members extra members in pairs, such as {@code "use", "enc"} or {@code "alg", "RS256"}
     * @return one public JWK as JSON
     */
    public static String jwk(String kid, PublicKey key, String... members) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(kid);
            for (int i = 0; i < members.length; i += 2) {
                switch (members[i]) {
                    case "use" -> jwk.setUse(members[i + 1]);
                    case "alg" -> jwk.setAlgorithm(members[i + 1]);
                    default -> jwk.setOtherParameter(members[i], members[i + 1]);
                }
            }
            return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a JWK Set of the given JWKs ({@link #jwk}) */
    public static String jwks(String... jwks) {
        return "{\"keys\":[" + String.join(",", jwks) + "]}";
    }
}
