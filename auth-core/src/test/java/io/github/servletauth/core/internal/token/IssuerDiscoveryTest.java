package io.github.servletauth.core.internal.token;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where an issuer's metadata is looked for, and what of it is believed. */
class IssuerDiscoveryTest {
    private static final URI FROM = URI.create("https://sso.example.org/x");

    @Test
    void locationsWhenIssuerHasAPathThenOpenIdAppendsAndRfc8414InsertsAfterTheHost() {
        assertThat(IssuerDiscovery.locations(URI.create("https://sso.example.org/realms/staff"))).containsExactly(
                URI.create("https://sso.example.org/realms/staff/.well-known/openid-configuration"),
                URI.create("https://sso.example.org/.well-known/oauth-authorization-server/realms/staff"));
        assertThat(IssuerDiscovery.locations(URI.create("https://login.example.com:8443/tenant/v2.0/"))).containsExactly(
                URI.create("https://login.example.com:8443/tenant/v2.0/.well-known/openid-configuration"),
                URI.create("https://login.example.com:8443/.well-known/oauth-authorization-server/tenant/v2.0"));
    }

    @Test
    void locationsWhenIssuerIsTheHostThenBothAtTheRoot() {
        for (String issuer : new String[]{"https://tenant.auth0.com/", "https://tenant.auth0.com"}) {
            assertThat(IssuerDiscovery.locations(URI.create(issuer))).as(issuer).containsExactly(
                    URI.create("https://tenant.auth0.com/.well-known/openid-configuration"),
                    URI.create("https://tenant.auth0.com/.well-known/oauth-authorization-server"));
        }
    }

    @Test
    void parseWhenIssuerEqualThenJwksUriTaken() throws IOException {
        IssuerDiscovery.Metadata m = IssuerDiscovery.parse(JwksServer.metadata("https://tenant.auth0.com/",
                "https://tenant.auth0.com/.well-known/jwks.json"), "https://tenant.auth0.com/", FROM);

        assertThat(m.jwksUri()).isEqualTo(URI.create("https://tenant.auth0.com/.well-known/jwks.json"));
    }

    @Test
    void parseWhenIssuerDiffersByAnyCharacterThenRefused() {
        // Auth0's issuer ends with a slash; without it, it is another issuer (OpenID Connect Discovery 4.3)
        assertThatThrownBy(() -> IssuerDiscovery.parse(JwksServer.metadata("https://tenant.auth0.com/",
                "https://tenant.auth0.com/jwks"), "https://tenant.auth0.com", FROM))
                .isInstanceOf(IOException.class).hasMessageContaining("another issuer");
        // Entra ID's multi-tenant metadata names a template, never a tenant
        assertThatThrownBy(() -> IssuerDiscovery.parse(JwksServer.metadata(
                "https://login.microsoftonline.com/{tenantid}/v2.0", "https://login.microsoftonline.com/common/keys"),
                "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0", FROM))
                .isInstanceOf(IOException.class);
    }

    @Test
    void parseWhenJwksUriMissingNotHttpOrDowngradedThenRefused() {
        String issuer = "https://sso.example.org/realms/staff";
        for (String body : new String[]{"{\"issuer\":\"" + issuer + "\"}", JwksServer.metadata(issuer, "file:///etc/keys"),
                JwksServer.metadata(issuer, "http://sso.example.org/certs"), "[1,2]", "not json"}) {
            assertThatThrownBy(() -> IssuerDiscovery.parse(body, issuer, FROM)).as(body).isInstanceOf(IOException.class);
        }
    }

    @Test
    void revocationFeedWhenOnTheIssuersOwnOriginThenTakenElseRefused() {
        String issuer = "https://accounts.example.org/accounts";
        assertThat(IssuerDiscovery.revocationFeed("https://accounts.example.org/accounts/auth/revocations", issuer,
                FROM)).isEqualTo(URI.create("https://accounts.example.org/accounts/auth/revocations"));
        assertThat(IssuerDiscovery.revocationFeed("https://ACCOUNTS.example.org:443/auth/revocations", issuer, FROM))
                .as("the same origin, spelt otherwise").isNotNull();
        assertThat(IssuerDiscovery.revocationFeed(null, issuer, FROM)).as("none named").isNull();
        for (Object refused : new Object[] {"https://evil.example.net/accounts/auth/revocations",
                "http://accounts.example.org/accounts/auth/revocations",
                "https://accounts.example.org:8443/accounts/auth/revocations",
                "https://accounts.example.org.evil.example.net/auth/revocations",
                "https://user@accounts.example.org/accounts/auth/revocations", "/accounts/auth/revocations",
                "ftp://accounts.example.org/revocations", "not a url", 42}) {
            assertThat(IssuerDiscovery.revocationFeed(refused, issuer, FROM)).as(String.valueOf(refused)).isNull();
        }
    }
}
