package io.github.servletauth.core;

/**
 * The configuration is unusable; start-up stops. {@link #key()} names the offending key (for example
 * {@code auth.jwt.secret}); the message says what is wrong with it but never repeats a secret value.
 */
public class ConfigurationException extends AuthException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * @param key the configuration key at fault, e.g. {@code auth.jwt.secret}
     * @param problem what is wrong with it, without its value if the value is secret
     */
    public ConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /**
     * @param key the configuration key at fault
     * @param problem what is wrong with it
     * @param cause the underlying failure (e.g. an unreadable file)
     */
    public ConfigurationException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** @return the configuration key at fault */
    public String key() {
        return key;
    }
}
