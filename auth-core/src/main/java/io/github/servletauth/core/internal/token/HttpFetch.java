package io.github.servletauth.core.internal.token;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One GET of a small JSON document (a JWK Set, an issuer's metadata) from the fetcher thread of
 * {@link RemoteJwks}. It uses {@code HttpURLConnection}, disconnected afterwards: unlike
 * {@code java.net.http.HttpClient}, which cannot be closed on Java 17, it leaves no selector or worker threads
 * behind when a webapp stops. Redirects are not followed: the configured or discovered URL is the one trusted.
 */
final class HttpFetch {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Far more than any JWK Set or metadata document; refuses a huge answer before it is parsed. */
    static final int MAX_BYTES = 256 * 1024;

    /** An answer other than 200; {@link #status()} lets discovery try its next location. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        StatusException(int status) {
            super("HTTP status " + status);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private HttpFetch() {
    }

    /**
     * @param url an http or https URL
     * @return the body of a 200 answer, as UTF-8
     * @throws StatusException for any other status
     * @throws IOException if the connection fails, times out or the body exceeds {@link #MAX_BYTES}
     */
    static String json(URI url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        try {
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new StatusException(status);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new IOException("answer larger than " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
