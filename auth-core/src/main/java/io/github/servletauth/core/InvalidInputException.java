package io.github.servletauth.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A username, password, email or other input was refused. {@link #fields()} names each refused field with
 * the reasons, in the order they were found, e.g. {@code {"password": ["must be at least 8 characters"]}}.
 * The messages never repeat the refused value.
 */
public class InvalidInputException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final Map<String, List<String>> fields;

    /**
     * @param fields each refused field with its reasons; must not be empty
     */
    public InvalidInputException(Map<String, List<String>> fields) {
        super(summary(fields));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.fields = Collections.unmodifiableMap(copy);
    }

    /**
     * A single refused field.
     *
     * @param field the field name, e.g. {@code "password"}
     * @param reason why it was refused
     */
    public InvalidInputException(String field, String reason) {
        this(Map.of(field, List.of(reason)));
    }

    /** @return each refused field with its reasons, in the order found; never empty */
    public Map<String, List<String>> fields() {
        return fields;
    }

    private static String summary(Map<String, List<String>> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields must not be empty");
        }
        StringBuilder sb = new StringBuilder("Invalid input: ");
        String sep = "";
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ').append(String.join(", ", e.getValue()));
            sep = "; ";
        }
        return sb.toString();
    }
}
