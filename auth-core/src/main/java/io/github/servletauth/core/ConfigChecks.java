package io.github.servletauth.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the values of one configuration and collects every problem instead of stopping at the first, so that
 * {@link #throwIfAny(List)} reports each key at fault at once. A key at fault reads as {@code null} (or 0).
 */
final class ConfigChecks {
    private final Map<String, String> values;
    private final Function<String, String> defaults;
    private final Function<String, Boolean> secret;
    private final Map<String, String> problems = new LinkedHashMap<>();

    /**
     * @param values the configured values
     * @param defaults the default of a key ({@code null}: none)
     * @param secret whether a key's value is secret (then no message repeats it)
     */
    ConfigChecks(Map<String, String> values, Function<String, String> defaults, Function<String, Boolean> secret) {
        this.values = values;
        this.defaults = defaults;
        this.secret = secret;
    }

    /** @return the parsed value or default, or {@code null} if neither is set or the value was refused */
    <T> T parse(String key, Function<String, T> parser) {
        String v = values.containsKey(key) ? values.get(key) : defaults.apply(key);
        if (v == null) {
            return null;
        }
        try {
            return parser.apply(v);
        } catch (ConfigurationException e) {
            e.problems().forEach(this::fault);
        } catch (InvalidInputException e) {
            fault(key, invalid(key, v) + e.fields().values().iterator().next().get(0));
        } catch (RuntimeException e) {
            fault(key, invalid(key, v) + (e instanceof NumberFormatException ? "must be a whole number" : e.getMessage()));
        }
        return null;
    }

    String nonBlank(String key) {
        return parse(key, s -> {
            if (s.isBlank()) {
                throw new ConfigurationException(key, "must not be blank");
            }
            return s.trim();
        });
    }

    Duration duration(String key, Duration min, Duration max) {
        return parse(key, s -> {
            Duration d;
            try {
                d = Duration.parse(s.trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration such as PT15M or P14D");
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new ConfigurationException(key, "must be between " + min + " and " + max);
            }
            return d;
        });
    }

    /** A whole number in {@code [min, max]}; a minimum of 0 means "off". @return 0 if refused */
    int integer(String key, int min, int max) {
        Integer n = parse(key, s -> {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                throw new ConfigurationException(key, "must be between " + (min == 0 ? "0 (off)" : min) + " and "
                        + max);
            }
            return v;
        });
        return n == null ? 0 : n;
    }

    /** Records a problem; a key keeps its first one, which the later checks that depend on it would repeat. */
    void fault(String key, String problem) {
        problems.putIfAbsent(key, problem);
    }

    boolean anyFaulty(String... keys) {
        return List.of(keys).stream().anyMatch(problems::containsKey);
    }

    /**
     * @param order every key, in the order the problems are to be reported
     * @throws ConfigurationException naming every key at fault, if any
     */
    void throwIfAny(List<String> order) {
        if (problems.isEmpty()) {
            return;
        }
        Map<String, String> sorted = new LinkedHashMap<>();
        order.stream().filter(problems::containsKey).forEach(k -> sorted.put(k, problems.get(k)));
        problems.forEach(sorted::putIfAbsent);
        throw new ConfigurationException(sorted);
    }

    private String invalid(String key, String value) {
        return Boolean.TRUE.equals(secret.apply(key)) ? "invalid value: " : "invalid value '" + value + "': ";
    }
}
