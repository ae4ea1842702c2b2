package io.github.servletauth.servlet.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's proof that the filter benchmark still runs: each method once, one short iteration, in this JVM. Its
 * setup refuses to start unless every filter authenticates the request. No timing is asserted.
 */
class FilterBenchmarkSmokeTest {

    @Test
    void smokeRunWhenEveryFilterRunsOnceThenReportHasEveryValue() throws Exception {
        Map<String, Double> scores = FilterReport.run(true);

        for (String method : new String[] {"jwtFilter", "jwtFilterForeignVerifier", "jwtFilterCookie", "jaspicModule", "jaspicModuleAlone",
                "fixedPrincipal", "noFilter"}) {
            assertThat(scores.get(method)).as(method).isPositive();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FilterReport.print(scores, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("JwtFilter", "access cookie", "Jakarta Authentication").doesNotContain("n/a");
    }
}
