package io.github.servletauth.servlet.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@link FilterBenchmark} and prints what the token check adds to a request, in nanoseconds.
 *
 * <pre>
 * mvn -B -pl auth-servlet -am package -DskipTests                # from the repository root
 * java -cp "auth-servlet/target/test-classes:auth-servlet/target/classes:$(cat auth-servlet/target/benchmark-classpath.txt)" \
 *     io.github.servletauth.servlet.benchmarks.FilterReport      # full run, about 1 minute
 * ... FilterReport --smoke                                       # one short iteration each, no fork
 * </pre>
 */
public final class FilterReport {

    private FilterReport() {
    }

    /**
     * @param args {@code --smoke} for one short in-process iteration per benchmark
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        print(run(List.of(args).contains("--smoke")), System.out);
    }

    /**
     * @param smoke whether to run one short iteration per benchmark in this JVM instead of the full run
     * @return ns per request, by benchmark method name
     */
    static Map<String, Double> run(boolean smoke) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(FilterBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .shouldFailOnError(true);
        if (smoke) {
            options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(100));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        Map<String, Double> scores = new HashMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String label = r.getParams().getBenchmark();
            scores.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        return scores;
    }

    /** Prints the one line of BENCHMARKS.md; a missing score shows as {@code n/a}. */
    static void print(Map<String, Double> s, PrintStream out) {
        Double jwt = s.get("jwtFilter");
        Double fixed = s.get("fixedPrincipal");
        Double cookie = s.get("jwtFilterCookie");
        out.printf(Locale.ROOT, "Filter, ns per request (repeated token, in memory): JwtFilter %s, with a foreign "
                + "verifier %s, FixedPrincipalFilter (load.sh's baseline) %s, no filter %s; the token check adds %s "
                + "ns%n", ns(jwt), ns(s.get("jwtFilterForeignVerifier")), ns(fixed), ns(s.get("noFilter")),
                jwt == null || fixed == null ? "n/a" : ns(jwt - fixed));
        out.printf(Locale.ROOT, "Cookie: JwtFilter with the token in the access cookie %s ns, %s of the header path "
                + "(target: at most 1.10)%n", ns(cookie),
                cookie == null || jwt == null ? "n/a" : String.format(Locale.ROOT, "%.2f", cookie / jwt));
        Double module = s.get("jaspicModule");
        Double alone = s.get("jaspicModuleAlone");
        out.printf(Locale.ROOT, "Jakarta Authentication: the header request through the module as Tomcat drives it "
                + "%s ns, %s of the filter path; the module's own validateRequest %s ns, %s of the filter path "
                + "(target: at most 1.10)%n", ns(module), ratio(module, jwt), ns(alone), ratio(alone, jwt));
    }

    private static String ratio(Double v, Double of) {
        return v == null || of == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v / of);
    }

    private static String ns(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }
}
