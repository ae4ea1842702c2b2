package io.github.servletauth.servlet.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link LoadRun} saw: answers per operation and status, transport failures, the slowest answer per
 * operation and status (reported, never asserted), and a few sample bodies of unexpected answers.
 */
public final class LoadStats {

    /** Transport failures (connection refused or reset, timeout) are counted under this pseudo-status. */
    public static final int TRANSPORT_ERROR = -1;

    private final Map<String, Map<Integer, LongAdder>> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> slowestMillis = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final LongAdder unexpectedCount = new LongAdder();

    public void record(String op, int status, long millis, boolean expected, String body) {
        counts.computeIfAbsent(op, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new LongAdder()).increment();
        slowestMillis.computeIfAbsent(op + " " + status, k -> new AtomicLong()).accumulateAndGet(millis, Math::max);
        if (!expected) {
            unexpectedCount.increment();
            if (unexpected.size() < 20) {
                unexpected.add(op + " -> " + status + " " + (body == null ? "" : body));
            }
        }
    }

    /** @return how many answers had {@code status}, over all operations */
    public long count(int status) {
        return counts.values().stream().mapToLong(m -> m.getOrDefault(status, new LongAdder()).sum()).sum();
    }

    /** @return how many answers of {@code op} had {@code status} */
    public long count(String op, int status) {
        return counts.getOrDefault(op, Map.of()).getOrDefault(status, new LongAdder()).sum();
    }

    /** @return how many answers had a status of 500 or more */
    public long serverErrors() {
        return counts.values().stream().flatMap(m -> m.entrySet().stream()).filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** @return how many answers had a status of 500 or more other than those in {@code allowed} */
    public long serverErrorsExcept(Set<Integer> allowed) {
        return counts.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey() >= 500 && !allowed.contains(e.getKey()))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public long total() {
        return counts.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
    }

    public long unexpectedCount() {
        return unexpectedCount.sum();
    }

    public List<String> unexpectedSamples() {
        return new ArrayList<>(unexpected);
    }

    public long slowestMillis(String op, int status) {
        AtomicLong v = slowestMillis.get(op + " " + status);
        return v == null ? 0 : v.get();
    }

    @Override
    public String toString() {
        Map<String, Map<Integer, Long>> sorted = new TreeMap<>();
        counts.forEach((op, m) -> m.forEach((status, n) ->
                sorted.computeIfAbsent(op, k -> new TreeMap<>()).put(status, n.sum())));
        StringBuilder sb = new StringBuilder("total=").append(total());
        sorted.forEach((op, m) -> {
            sb.append("\n  ").append(op).append(':');
            m.forEach((status, n) -> sb.append(' ').append(status == TRANSPORT_ERROR ? "io" : status).append('=')
                    .append(n).append(" (max ").append(slowestMillis(op, status)).append(" ms)"));
        });
        return sb.toString();
    }
}
