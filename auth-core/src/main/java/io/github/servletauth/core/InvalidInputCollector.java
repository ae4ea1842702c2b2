package io.github.servletauth.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Runs several field checks and reports every refused field at once, not only the first. */
final class InvalidInputCollector {
    private final Map<String, List<String>> fields = new LinkedHashMap<>();

    /** Runs {@code check}; if it refuses the input, records the reasons and returns {@code null}. */
    <T> T collect(String field, Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            for (List<String> reasons : e.fields().values()) {
                fields.computeIfAbsent(field, k -> new ArrayList<>()).addAll(reasons);
            }
            return null;
        }
    }

    void throwIfAny() {
        if (!fields.isEmpty()) {
            throw new InvalidInputException(fields);
        }
    }
}
