package io.github.servletauth.servlet.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A cross-check of {@link FilterReport} for a shared or noisy machine: the rows of {@link FilterBenchmark} run
 * in the same JVM in turns of 100 ms, round after round, and the median time of each is printed with the ratios
 * the targets are about. Background load then hits every row alike instead of whichever JMH happened to be
 * running.
 *
 * <pre>
 * java -cp "auth-servlet/target/test-classes:auth-servlet/target/classes:$(cat auth-servlet/target/benchmark-classpath.txt)" \
 *     io.github.servletauth.servlet.benchmarks.InterleavedFilterComparison
 * </pre>
 */
public final class InterleavedFilterComparison {
    private static final int ROUNDS = 60;
    private static final int WARM_UP_ROUNDS = 10;
    private static final long TURN_NANOS = 100_000_000L;

    private InterleavedFilterComparison() {
    }

    /**
     * @param args none
     * @throws Exception if a row fails
     */
    public static void main(String[] args) throws Exception {
        FilterBenchmark bench = new FilterBenchmark();
        bench.setUp();
        Map<String, Callable<Object>> rows = new LinkedHashMap<>();
        rows.put("jwtFilter", bench::jwtFilter);
        rows.put("jwtFilterCookie", bench::jwtFilterCookie);
        rows.put("jaspicModuleAlone", bench::jaspicModuleAlone);
        rows.put("jaspicModule", bench::jaspicModule);
        rows.put("fixedPrincipal", bench::fixedPrincipal);
        Map<String, List<Double>> nanos = new LinkedHashMap<>();
        Object sink = null;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                for (Map.Entry<String, Callable<Object>> row : rows.entrySet()) {
                    long start = System.nanoTime();
                    long ops = 0;
                    while (System.nanoTime() - start < TURN_NANOS) {
                        sink = row.getValue().call();
                        ops++;
                    }
                    if (round >= WARM_UP_ROUNDS) {
                        nanos.computeIfAbsent(row.getKey(), k -> new ArrayList<>())
                                .add((System.nanoTime() - start) / (double) ops);
                    }
                }
            }
        } finally {
            bench.tearDown();
        }
        Map<String, Double> median = new LinkedHashMap<>();
        StringBuilder line = new StringBuilder("Interleaved, median ns per request:");
        nanos.forEach((name, t) -> {
            Collections.sort(t);
            median.put(name, t.get(t.size() / 2));
            line.append(String.format(Locale.ROOT, " %s %.0f", name, t.get(t.size() / 2)));
        });
        double filter = median.get("jwtFilter");
        line.append(String.format(Locale.ROOT, " | cookie/header %.2f, module alone/filter %.2f, module as Tomcat "
                + "drives it/filter %.2f", median.get("jwtFilterCookie") / filter,
                median.get("jaspicModuleAlone") / filter, median.get("jaspicModule") / filter));
        System.out.println(line + (sink == null ? " (no result)" : ""));
    }
}
