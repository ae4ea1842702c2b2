package io.github.servletauth.servlet.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Context-relative path patterns: exact ({@code /health}) or prefix ({@code /public/*}, which matches
 * {@code /public} and everything below it, but not {@code /publicity}).
 */
public final class PathPatterns {

    private final List<String> exact = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();

    /**
     * @param patterns the patterns; each must start with {@code /}
     * @throws IllegalArgumentException naming a pattern that does not start with {@code /}
     */
    public PathPatterns(List<String> patterns) {
        for (String raw : patterns) {
            String p = raw.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!p.startsWith("/")) {
                throw new IllegalArgumentException("path pattern must start with '/': " + p);
            }
            if (p.equals("/*")) {
                prefixes.add("");
            } else if (p.endsWith("/*")) {
                prefixes.add(p.substring(0, p.length() - 2));
            } else {
                exact.add(p);
            }
        }
    }

    /**
     * @param commaSeparated patterns separated by commas, or {@code null}
     * @return the parsed patterns
     */
    public static PathPatterns parse(String commaSeparated) {
        return new PathPatterns(commaSeparated == null ? List.of() : List.of(commaSeparated.split(",")));
    }

    /**
     * @param path a context-relative, already decoded and normalised path
     * @return whether a pattern matches
     */
    public boolean matches(String path) {
        if (exact.contains(path)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }
}
