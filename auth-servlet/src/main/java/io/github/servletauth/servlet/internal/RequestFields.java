package io.github.servletauth.servlet.internal;

import io.github.servletauth.core.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a request body. Type and encoding problems are collected and reported together as one
 * {@link InvalidInputException}, naming each field but never its value.
 */
public final class RequestFields {

    private final Map<String, Object> fields;
    /** Form fields whose value is not percent-encoded UTF-8; removed as the endpoint reads them. */
    private final Set<String> undecodable;
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    RequestFields(Map<String, Object> fields) {
        this(fields, Set.of());
    }

    RequestFields(Map<String, Object> fields, Set<String> undecodable) {
        this.fields = fields;
        this.undecodable = new LinkedHashSet<>(undecodable);
    }

    /**
     * @param name the field name
     * @return its string value; {@code null} (with a problem recorded) if absent, not a string or not decodable
     */
    public String required(String name) {
        if (!fields.containsKey(name) && !undecodable.contains(name)) {
            problems.put(name, List.of("is required"));
            return null;
        }
        return string(name);
    }

    /**
     * @param name the field name
     * @return its string value, or {@code null} if absent or JSON {@code null}; a problem is recorded for
     *         another type or a form value that is not percent-encoded UTF-8
     */
    public String optional(String name) {
        return fields.get(name) == null && !undecodable.contains(name) ? null : string(name);
    }

    private String string(String name) {
        if (undecodable.remove(name)) {
            problems.put(name, List.of("must be percent-encoded UTF-8"));
            return null;
        }
        Object v = fields.get(name);
        if (v instanceof String s) {
            return s;
        }
        problems.put(name, List.of("must be a string"));
        return null;
    }

    /**
     * @throws InvalidInputException if any field read so far was missing, of the wrong type or not decodable
     * @throws HttpError 400 if a field the endpoint did not read is not decodable: the body is refused whole,
     *                   as a JSON body with invalid UTF-8 is
     */
    public void check() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (!undecodable.isEmpty()) {
            throw HttpError.badRequest("Malformed form: a field is not percent-encoded UTF-8");
        }
    }
}
