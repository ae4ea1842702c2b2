package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a request body. Type problems are collected and reported together as one
 * {@link InvalidInputException}, naming each field but never its value.
 */
public final class RequestFields {

    private final Map<String, Object> fields;
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    RequestFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * @param name the field name
     * @return its string value; {@code null} (with a problem recorded) if absent or not a string
     */
    public String required(String name) {
        if (!fields.containsKey(name)) {
            problems.put(name, List.of("is required"));
            return null;
        }
        return string(name);
    }

    /**
     * @param name the field name
     * @return its string value, or {@code null} if absent or JSON {@code null}; a problem is recorded for
     *         another type
     */
    public String optional(String name) {
        return fields.get(name) == null ? null : string(name);
    }

    private String string(String name) {
        Object v = fields.get(name);
        if (v instanceof String s) {
            return s;
        }
        problems.put(name, List.of("must be a string"));
        return null;
    }

    /** @throws InvalidInputException if any field read so far was missing or of the wrong type */
    public void check() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
