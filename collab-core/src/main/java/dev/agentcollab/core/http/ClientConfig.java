package dev.agentcollab.core.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Immutable configuration of a {@link CollabClient}. Build with {@link #custom(URI)}; setters validate at once.
 *
 * @param baseUri the server root, e.g. {@code http://127.0.0.1:8000}, or the path it is mounted under (e.g.
 *     {@code https://proxy/collab}); the client appends {@code /v1/...} to it
 * @param token the bearer token sent as {@code Authorization: Bearer}, or empty for tokenless calls
 * @param maxAttempts attempts per call including the first, at least 1
 * @param initialBackoff the first back-off when the server gave no {@code Retry-After}
 * @param maxRetryDelay the longest delay the client is willing to wait; a longer {@code Retry-After} fails the
 *     call at once with the server's error
 * @param connectTimeout the TCP connect timeout
 * @param requestTimeout the per-request timeout: the longest wait for an answer's headers, and then for each part of
 *     its body (a body that stalls longer fails the call with {@code TIMEOUT})
 * @param sleeper how the client waits between attempts
 * @param retryUncertainWrites whether a write whose outcome is unknown (timeout, lost connection, a retryable
 *     server failure) is retried; safe because every write carries an {@code Idempotency-Key} that its retries
 *     reuse, so the server runs it at most once (turn off for a server that ignores the header)
 * @param idempotencyKeys the source of one fresh key per logical write
 * @param retryListener told before each wait to retry; may end the call instead of waiting
 */
public record ClientConfig(
        URI baseUri,
        Optional<String> token,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxRetryDelay,
        Duration connectTimeout,
        Duration requestTimeout,
        Sleeper sleeper,
        boolean retryUncertainWrites,
        Supplier<String> idempotencyKeys,
        RetryListener retryListener) {

    /** Validates every field. */
    public ClientConfig {
        Objects.requireNonNull(baseUri, "baseUri");
        if (baseUri.getScheme() == null || !baseUri.getScheme().matches("https?")) {
            throw new IllegalArgumentException("baseUri must be http(s), but was " + baseUri);
        }
        Objects.requireNonNull(token, "token");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + maxAttempts);
        }
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxRetryDelay, "maxRetryDelay");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
        Objects.requireNonNull(retryListener, "retryListener");
    }

    /**
     * Starts a builder with defaults: no token, 4 attempts, 500 ms initial back-off, 60 s longest wait, 10 s
     * connect and 30 s request timeouts, real sleeping, uncertain writes retried under a random UUID key per
     * logical write, retries waited silently ({@link RetryListener#NONE}).
     *
     * @param baseUri the server root
     * @return the builder
     */
    public static Builder custom(URI baseUri) {
        return new Builder(baseUri);
    }

    /**
     * The defaults for a server root.
     *
     * @param baseUri the server root
     * @return the configuration
     */
    public static ClientConfig ofDefaults(URI baseUri) {
        return custom(baseUri).build();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(baseUri);
        b.token = token;
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.maxRetryDelay = maxRetryDelay;
        b.connectTimeout = connectTimeout;
        b.requestTimeout = requestTimeout;
        b.sleeper = sleeper;
        b.retryUncertainWrites = retryUncertainWrites;
        b.idempotencyKeys = idempotencyKeys;
        b.retryListener = retryListener;
        return b;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + d);
        }
    }

    /** Builder for {@link ClientConfig}. Not thread safe. */
    public static final class Builder {
        private final URI baseUri;
        private Optional<String> token = Optional.empty();
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxRetryDelay = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Sleeper sleeper = Sleeper.THREAD;
        private boolean retryUncertainWrites = true;
        private Supplier<String> idempotencyKeys = () -> UUID.randomUUID().toString();
        private RetryListener retryListener = RetryListener.NONE;

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /**
         * Sets the bearer token.
         *
         * @param value the token, or {@code null} for none
         * @return this builder
         */
        public Builder token(String value) {
            token = Optional.ofNullable(value).map(String::strip).filter(t -> !t.isEmpty());
            return this;
        }

        /**
         * Sets the attempts per call (1 disables retries).
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxAttempts(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1, but was " + value);
            }
            maxAttempts = value;
            return this;
        }

        /**
         * Sets the first back-off used when the server sent no {@code Retry-After}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder initialBackoff(Duration value) {
            initialBackoff = value;
            return this;
        }

        /**
         * Sets the longest delay worth waiting for.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder maxRetryDelay(Duration value) {
            maxRetryDelay = value;
            return this;
        }

        /**
         * Sets the connect timeout.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /**
         * Sets the per-request timeout: the longest wait for an answer's headers, and then for each part of its body.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /**
         * Sets how the client waits between attempts.
         *
         * @param value the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /**
         * Sets whether writes whose outcome is unknown are retried under their idempotency key (default true).
         *
         * @param value {@code false} for a server that ignores {@code Idempotency-Key}
         * @return this builder
         */
        public Builder retryUncertainWrites(boolean value) {
            retryUncertainWrites = value;
            return this;
        }

        /**
         * Sets the source of idempotency keys, one per logical write (default: random UUIDs).
         *
         * @param value the source; each key must be 1-200 printable ASCII characters
         * @return this builder
         */
        public Builder idempotencyKeys(Supplier<String> value) {
            idempotencyKeys = Objects.requireNonNull(value, "idempotencyKeys");
            return this;
        }

        /**
         * Sets who is told before each wait to retry (default {@link RetryListener#NONE}).
         *
         * @param value the listener; it may end a call instead of letting it wait
         * @return this builder
         */
        public Builder retryListener(RetryListener value) {
            retryListener = Objects.requireNonNull(value, "retryListener");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         */
        public ClientConfig build() {
            return new ClientConfig(
                    baseUri,
                    token,
                    maxAttempts,
                    initialBackoff,
                    maxRetryDelay,
                    connectTimeout,
                    requestTimeout,
                    sleeper,
                    retryUncertainWrites,
                    idempotencyKeys,
                    retryListener);
        }
    }
}
