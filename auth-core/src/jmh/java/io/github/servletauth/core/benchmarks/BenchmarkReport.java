package io.github.servletauth.core.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every benchmark of this package in one JMH run and prints the numbers side by side with the ratios the
 * performance targets are stated in.
 *
 * <pre>
 * mvn -B -pl auth-core package -DskipTests                       # from the repository root
 * java -cp "auth-core/target/test-classes:auth-core/target/classes:$(cat auth-core/target/benchmark-classpath.txt)" \
 *     io.github.servletauth.core.benchmarks.BenchmarkReport       # full run, about 8 minutes
 * ... BenchmarkReport --smoke                                    # one short iteration each, no fork
 * </pre>
 */
public final class BenchmarkReport {
    static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256", "EdDSA");

    private BenchmarkReport() {
    }

    /**
     * @param args {@code --smoke} for one short in-process iteration per benchmark; anything else is passed
     *             to JMH as an include pattern
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        boolean smoke = List.of(args).contains("--smoke");
        Map<String, Double> scores = run(smoke);
        print(scores, System.out);
    }

    /**
     * @param smoke whether to run one short iteration per benchmark in this JVM instead of the full run
     * @return score per {@code method/alg} (ops/s for tokens, ms/op for logins)
     */
    static Map<String, Double> run(boolean smoke) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BenchmarkReport.class.getPackageName() + "\\..*Benchmark")
                .shouldFailOnError(true);
        if (smoke) {
            options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Double> scores = new HashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            String alg = r.getParams().getParamsKeys().contains("alg") ? r.getParams().getParam("alg") : "";
            scores.put(method + "/" + alg, r.getPrimaryResult().getScore());
        }
        return scores;
    }

    /** Prints the table; a missing score (e.g. Nimbus has no EdDSA) shows as {@code n/a}. */
    static void print(Map<String, Double> s, PrintStream out) {
        out.println();
        out.println("Token verification, ops/s (higher is better), one JMH run");
        out.printf(Locale.ROOT, "%-6s %12s %12s %12s %14s %14s | %12s %14s %12s %12s%n", "alg", "raw sig",
                "jose4j", "Nimbus", "ours 1st seen", "ours repeated", "rep/raw", "1st t/jose4j", "1st/Nimbus",
                "rep/Nimbus");
        for (String alg : ALGORITHMS) {
            Double floor = s.get("floor/" + alg);
            Double jose4j = s.get("jose4j/" + alg);
            Double nimbus = s.get("nimbus/" + alg);
            Double first = s.get("oursFirstSeen/" + alg);
            Double repeated = s.get("oursRepeated/" + alg);
            out.printf(Locale.ROOT, "%-6s %12s %12s %12s %14s %14s | %12s %14s %12s %12s%n", alg, ops(floor),
                    ops(jose4j), ops(nimbus), ops(first), ops(repeated), ratio(repeated, floor),
                    ratio(jose4j, first), ratio(first, nimbus), ratio(repeated, nimbus));
        }
        out.println("rep/raw: repeated token vs raw signature check (target >= 1.0); 1st t/jose4j: first-seen time"
                + " / jose4j time (target <= 1.15); x/Nimbus: speed vs NimbusJwtDecoder (target > 1.0)");
        out.println();
        Double hash = s.get("hashAlone/");
        Double login = s.get("login/");
        out.printf(Locale.ROOT, "Login, ms/op: PBKDF2 hash alone %s, whole AuthService.login %s, login/hash %s%n",
                ms(hash), ms(login), ratio(login, hash));
    }

    private static String ops(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ms(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
