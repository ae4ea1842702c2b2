package io.github.servletauth.core.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's proof that auth-core's benchmarks still run: every benchmark once, one short iteration, in this JVM. Each
 * benchmark's setup refuses to start unless every verifier accepts the token. No timing is asserted.
 */
class BenchmarkSmokeTest {

    @Test
    void smokeRunWhenEveryBenchmarkRunsOnceThenTableHasEveryRow() throws Exception {
        Map<String, Double> scores = BenchmarkReport.run(true);

        for (String alg : BenchmarkReport.ALGORITHMS) {
            for (String method : new String[] {"floor", "jose4j", "oursFirstSeen", "oursRepeated"}) {
                assertThat(scores.get(method + "/" + alg)).as(method + "/" + alg).isPositive();
            }
        }
        for (String alg : new String[] {"HS256", "RS256", "ES256"}) {
            assertThat(scores.get("nimbus/" + alg)).as("nimbus/" + alg).isPositive();
        }
        assertThat(scores.get("hashAlone/")).isPositive();
        assertThat(scores.get("login/")).isPositive();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchmarkReport.print(scores, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("EdDSA").contains("login/hash")
                .doesNotContain("NaN");
    }
}
