package io.github.servletauth.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the README's auth-core example and checks the README still shows exactly this code. */
class ReadmeExampleTest {

    @TempDir
    Path dataDir;

    @Test
    void readmeQuickstartRunsAndLogsOut() {
        String[] tokens = new String[1];
        // snippet:core-quickstart
        AuthConfig config = AuthConfig.fromSources(Map.of("auth.data-dir", dataDir.toString()));
        try (AuthService auth = AuthService.create(config)) {
            IssuedTokens registered = auth.register("alice", "correct horse battery staple", "alice@example.org");
            IssuedTokens session = auth.login("alice", "correct horse battery staple");
            VerifiedToken who = auth.verify(session.accessToken());   // local check, no database round trip
            IssuedTokens next = auth.refresh(session.refreshToken());  // rotates the refresh token
            auth.logout(auth.verify(next.accessToken()), next.refreshToken());
        // /snippet
            assertThat(registered.account().userId()).isEqualTo(who.userId());
            tokens[0] = next.accessToken();
            String loggedOut = next.accessToken();
            assertThatThrownBy(() -> auth.verify(loggedOut)).isInstanceOf(InvalidTokenException.class);
        }
        assertThat(tokens[0]).isNotBlank();
    }

    @Test
    void readmeShowsTheCodeThisTestRuns() throws IOException {
        String readme = Files.readString(Paths.get("..", "README.md"), StandardCharsets.UTF_8);
        String fromReadme = between(readme, "<!-- snippet:core-quickstart", "<!-- /snippet -->")
                .replaceFirst("(?s)^.*?```java\\n", "").replaceFirst("(?s)```\\s*$", "");
        String source = Files.readString(
                Paths.get("src/test/java/io/github/servletauth/core/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        String fromTest = between(source, "// snippet:core-quickstart\n", "        // /snippet");
        assertThat(normalise(fromReadme)).isEqualTo(normalise(fromTest) + "\n}");
    }

    private static String between(String text, String start, String end) {
        int s = text.indexOf(start);
        int e = text.indexOf(end, s + start.length());
        assertThat(s).as("marker " + start).isNotNegative();
        assertThat(e).as("marker " + end).isPositive();
        return text.substring(s + start.length(), e);
    }

    private static String normalise(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty())
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
