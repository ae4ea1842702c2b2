package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.InvalidTokenException;
import io.github.servletauth.core.InvalidTokenException.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Claim paths: nested members, and member names that hold dots themselves. */
class ClaimMappingTest {

    @Test
    void resolveWhenNestedPathThenFollowedMemberByMember() {
        Map<String, Object> claims = Map.of("resource_access", Map.of("legacy-app", Map.of("roles", List.of("a"))));

        assertThat(ClaimMapping.resolve(claims, "resource_access.legacy-app.roles")).isEqualTo(List.of("a"));
        assertThat(ClaimMapping.resolve(claims, "resource_access.other.roles")).isNull();
    }

    @Test
    void resolveWhenMemberNamesHoldDotsThenTheLongestNameWins() {
        Map<String, Object> claims = Map.of("https://example.org/roles", List.of("clerk"),
                "resource_access", Map.of("my.app", Map.of("roles", List.of("b"))),
                "my", Map.of("app", "shorter"), "my.app", "longer");

        assertThat(ClaimMapping.resolve(claims, "https://example.org/roles")).isEqualTo(List.of("clerk"));
        assertThat(ClaimMapping.resolve(claims, "resource_access.my.app.roles")).isEqualTo(List.of("b"));
        assertThat(ClaimMapping.resolve(claims, "my.app")).isEqualTo("longer");
    }

    @Test
    void resolveWhenPathRunsIntoAValueThenWrongClaimType() {
        assertThatThrownBy(() -> ClaimMapping.resolve(Map.of("realm_access", List.of("x")), "realm_access.roles"))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_CLAIM_TYPE));
    }
}
