package io.github.servletauth.core.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A cross-check of {@link BenchmarkReport} for a shared or noisy machine: the verifiers of one algorithm run
 * in the same JVM in turns of 200 ms, round after round, and the median rate of each is printed. Background
 * load then hits every verifier alike instead of whichever JMH happened to be running.
 *
 * <pre>
 * java -cp "auth-core/target/test-classes:auth-core/target/classes:$(cat auth-core/target/benchmark-classpath.txt)" \
 *     io.github.servletauth.core.benchmarks.InterleavedComparison HS256 RS256 ES256 EdDSA
 * </pre>
 */
public final class InterleavedComparison {
    private static final int ROUNDS = 25;
    private static final int WARM_UP_ROUNDS = 5;
    private static final long TURN_NANOS = 200_000_000L;

    private InterleavedComparison() {
    }

    /**
     * @param args algorithm names (default: all four)
     * @throws Exception if a verifier fails
     */
    public static void main(String[] args) throws Exception {
        List<String> algorithms = args.length == 0 ? BenchmarkReport.ALGORITHMS : List.of(args);
        for (String alg : algorithms) {
            compare(alg);
        }
    }

    private static void compare(String alg) throws Exception {
        TokenVerificationBenchmark ours = new TokenVerificationBenchmark();
        ours.alg = alg;
        ours.setUp();
        NimbusBenchmark nimbus = null;
        if (!alg.equals("EdDSA")) {
            nimbus = new NimbusBenchmark();
            nimbus.alg = alg;
            nimbus.setUp();
        }
        Map<String, Callable<Object>> verifiers = new LinkedHashMap<>();
        verifiers.put("raw sig", ours::floor);
        verifiers.put("jose4j", ours::jose4j);
        if (nimbus != null) {
            verifiers.put("Nimbus", nimbus::nimbus);
        }
        verifiers.put("ours 1st seen", ours::oursFirstSeen);
        verifiers.put("ours repeated", ours::oursRepeated);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Object sink = null;
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Callable<Object>> v : verifiers.entrySet()) {
                long start = System.nanoTime();
                long ops = 0;
                while (System.nanoTime() - start < TURN_NANOS) {
                    sink = v.getValue().call();
                    ops++;
                }
                if (round >= WARM_UP_ROUNDS) {
                    rates.computeIfAbsent(v.getKey(), k -> new ArrayList<>())
                            .add(ops * 1e9 / (System.nanoTime() - start));
                }
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-6s", alg));
        Map<String, Double> median = new LinkedHashMap<>();
        rates.forEach((name, r) -> {
            Collections.sort(r);
            median.put(name, r.get(r.size() / 2));
            line.append(String.format(Locale.ROOT, "  %s %,.0f/s", name, r.get(r.size() / 2)));
        });
        line.append(String.format(Locale.ROOT, "  | 1st t/jose4j %.2f", median.get("jose4j") / median.get("ours 1st seen")));
        line.append(String.format(Locale.ROOT, "  rep/raw %.1f", median.get("ours repeated") / median.get("raw sig")));
        if (nimbus != null) {
            line.append(String.format(Locale.ROOT, "  1st/Nimbus %.2f", median.get("ours 1st seen") / median.get("Nimbus")));
            nimbus.tearDown();
        }
        System.out.println(line + (sink == null ? " (no result)" : ""));
        ours.tearDown();
    }
}
