package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import io.github.servletauth.core.VerifiedToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the verified claims of another issuer's access token into a {@link VerifiedToken}: the subject as given,
 * the username from {@code auth.jwt.username-claim}, the roles from {@code auth.jwt.roles-claim}, {@code sid} and
 * {@code jti} when present. It first refuses what is not an access token ({@link #requireAccessToken}).
 *
 * <p>A claim path such as {@code resource_access.my-app.roles} is followed from the top of the claims; at each
 * level the longest run of segments that is a member name wins, so a claim whose name itself holds dots (Auth0's
 * namespaced {@code https://example.org/roles}, a client id {@code my.app}) is found as well.
 */
final class ClaimMapping {
    /**
     * Claims only OpenID Connect ID tokens (Core 1.0 sections 2 and 3.3.2.11) or logout tokens (Back-Channel Logout
     * 1.0 section 2.4) carry; no access token of Keycloak, Entra ID, Auth0 or Okta does.
     */
    private static final List<String> NOT_IN_ACCESS_TOKENS = List.of("nonce", "at_hash", "c_hash", "s_hash", "events");
    /**
     * Where an access token names the client it was issued to: {@code client_id} (RFC 9068 section 2.2, Auth0's
     * RFC 9068 profile), {@code azp} (Keycloak, Entra ID v2, Auth0), {@code cid} (Okta), {@code appid} (Entra ID
     * v1). An ID token names its client in {@code aud} instead (Entra ID, Auth0 and Okta ID tokens carry none of
     * these; Keycloak's do carry {@code azp}, and are told apart by their {@code typ} claim).
     */
    private static final List<String> CLIENT_CLAIMS = List.of("client_id", "azp", "cid", "appid");
    /** The one value of Keycloak's {@code typ} claim on access tokens ({@code ID}, {@code Refresh}, ... otherwise). */
    private static final String KEYCLOAK_ACCESS_TYPE = "Bearer";

    private final String usernameClaim;
    private final String rolesClaim;

    /**
     * @param usernameClaim the claim path of the username
     * @param rolesClaim the claim path of the roles, or {@code null}: no roles
     */
    ClaimMapping(String usernameClaim, String rolesClaim) {
        this.usernameClaim = Objects.requireNonNull(usernameClaim, "usernameClaim");
        this.rolesClaim = rolesClaim;
    }

    /**
     * @param claims claims whose signature, issuer, audience and times are verified
     * @param typedAsAccessToken whether the header says {@code typ: at+jwt}
     * @return the verified token, with {@link VerifiedToken#NO_USER_ID}
     * @throws InvalidTokenException {@code NOT_ACCESS_TOKEN}, {@code MISSING_CLAIM} or {@code WRONG_CLAIM_TYPE}
     */
    VerifiedToken toVerifiedToken(JwtClaims claims, boolean typedAsAccessToken) {
        requireAccessToken(claims, typedAsAccessToken);
        Map<String, Object> all = claims.getClaimsMap();
        if (!(all.get("sub") instanceof String subject) || subject.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
        Object name = resolve(all, usernameClaim);
        if (name == null) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
        if (!(name instanceof String username)) {
            throw new InvalidTokenException(Reason.WRONG_CLAIM_TYPE);
        }
        if (username.isBlank()) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
        try {
            return new VerifiedToken(VerifiedToken.NO_USER_ID, username, roles(all), text(all.get("sid")),
                    text(all.get("jti")), Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()), subject);
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException(Reason.MISSING_CLAIM);
        }
    }

    /**
     * Refuses a token signed by the issuer that is not an access token: an ID token, a refresh or logout token.
     * A token typed {@code at+jwt} says what it is (RFC 9068 section 2.1, RFC 8725 section 3.11; no ID token is
     * typed so), and then need not name its client: this library's own tokens do not.
     *
     * @param typedAsAccessToken whether the header says {@code typ: at+jwt}
     * @throws InvalidTokenException {@code NOT_ACCESS_TOKEN}
     */
    static void requireAccessToken(JwtClaims claims, boolean typedAsAccessToken) {
        for (String idTokenClaim : NOT_IN_ACCESS_TOKENS) {
            if (claims.hasClaim(idTokenClaim)) {
                throw new InvalidTokenException(Reason.NOT_ACCESS_TOKEN);
            }
        }
        Object typ = claims.getClaimValue("typ");
        if (typ != null && !KEYCLOAK_ACCESS_TYPE.equals(typ)) {
            throw new InvalidTokenException(Reason.NOT_ACCESS_TOKEN);
        }
        if (!typedAsAccessToken && CLIENT_CLAIMS.stream().noneMatch(c -> claims.getClaimValue(c) instanceof String s && !s.isBlank())) {
            throw new InvalidTokenException(Reason.NOT_ACCESS_TOKEN);
        }
    }

    private Set<String> roles(Map<String, Object> claims) {
        if (rolesClaim == null) {
            return Set.of();
        }
        Object value = resolve(claims, rolesClaim);
        Set<String> roles = new LinkedHashSet<>();
        if (value == null) {
            return Set.of();
        }
        if (value instanceof String scopes) {
            // scope (RFC 8693 section 4.2, RFC 9068 section 2.2.3) and Entra's scp: space-separated
            for (String s : scopes.split(" ")) {
                if (!s.isEmpty()) {
                    roles.add(s);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object role : list) {
                if (!(role instanceof String s)) {
                    throw new InvalidTokenException(Reason.WRONG_CLAIM_TYPE);
                }
                roles.add(s);
            }
        } else {
            throw new InvalidTokenException(Reason.WRONG_CLAIM_TYPE);
        }
        return roles;
    }

    /**
     * @return the value at the dotted path; {@code null} if a member on the way is absent (or JSON
     *         {@code null})
     * @throws InvalidTokenException {@code WRONG_CLAIM_TYPE} if the path runs into a value that is not an object
     */
    static Object resolve(Map<String, Object> claims, String path) {
        Object node = claims;
        String[] segments = path.split("\\.");
        int next = 0;
        while (next < segments.length) {
            if (!(node instanceof Map<?, ?> object)) {
                throw new InvalidTokenException(Reason.WRONG_CLAIM_TYPE);
            }
            int end = segments.length;
            Object found = null;
            for (; end > next; end--) {
                String name = String.join(".", java.util.Arrays.asList(segments).subList(next, end));
                if (object.containsKey(name)) {
                    found = object.get(name);
                    break;
                }
            }
            if (end == next || found == null) {
                return null;
            }
            node = found;
            next = end;
        }
        return node;
    }

    private static String text(Object claim) {
        return claim instanceof String s ? s : "";
    }
}
