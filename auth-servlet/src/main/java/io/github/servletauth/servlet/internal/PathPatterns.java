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
    /** Each prefix with its trailing slash, built once rather than per request. */
    private final List<String> prefixesWithSlash = new ArrayList<>();

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
                prefixesWithSlash.add("/");
            } else if (p.endsWith("/*")) {
                prefixes.add(p.substring(0, p.length() - 2));
                prefixesWithSlash.add(p.substring(0, p.length() - 1));
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
        for (int i = 0; i < prefixes.size(); i++) {
            if (path.equals(prefixes.get(i)) || path.startsWith(prefixesWithSlash.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether there are no patterns at all, so that callers can skip computing the path */
    public boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty();
    }
}
