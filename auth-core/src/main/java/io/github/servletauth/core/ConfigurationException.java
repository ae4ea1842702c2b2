package io.github.servletauth.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration is unusable; start-up stops. {@link #problems()} names every key at fault with what is
 * wrong with it, all found at once (as jose4j's {@code InvalidJwtException} lists every problem of a token), and
 * {@link #key()} the first of them; the message lists them all, e.g.
 * {@code auth.db.pool-size: must be between 1 and 1000; auth.jwt.issuer: must not be blank}. No message ever
 * repeats a secret value.
 */
public class ConfigurationException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, String> problems;

    /**
     * @param key the configuration key at fault, e.g. {@code auth.jwt.secret}
     * @param problem what is wrong with it, without its value if the value is secret
     */
    public ConfigurationException(String key, String problem) {
        this(Map.of(key, problem), null);
    }

    /**
     * @param key the configuration key at fault
     * @param problem what is wrong with it
     * @param cause the underlying failure (e.g. an unreadable file)
     */
    public ConfigurationException(String key, String problem, Throwable cause) {
        this(Map.of(key, problem), cause);
    }

    /** Every problem of one configuration, in the order given. */
    ConfigurationException(Map<String, String> problems) {
        this(problems, null);
    }

    private ConfigurationException(Map<String, String> problems, Throwable cause) {
        super(message(problems), cause);
        this.problems = new LinkedHashMap<>(problems);
    }

    /** @return the (first) configuration key at fault */
    public String key() {
        return problems.keySet().iterator().next();
    }

    /** @return every key at fault with what is wrong with it, in the order of the key table; never empty */
    public Map<String, String> problems() {
        return Collections.unmodifiableMap(problems);
    }

    private static String message(Map<String, String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        StringBuilder sb = new StringBuilder();
        problems.forEach((key, problem) -> sb.append(sb.length() == 0 ? "" : "; ").append(key).append(": ")
                .append(problem));
        return sb.toString();
    }
}
