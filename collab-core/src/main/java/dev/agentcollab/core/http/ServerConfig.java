package dev.agentcollab.core.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Immutable configuration of a {@link CollabServer}. Build with {@link #custom()}; setters validate at once and
 * {@link Builder#build()} checks that the required parts ({@link Builder#sessions}, {@link Builder#description})
 * are set.
 *
 * @param host the address to bind, {@code 127.0.0.1} by default (loopback only)
 * @param port the TCP port, 0 for any free port
 * @param maxBodyBytes the largest accepted request body; larger ones get 413 {@code PAYLOAD_TOO_LARGE}
 * @param shutdownGrace how long {@link RunningServer#close()} waits for in-flight requests
 * @param headerTimeout how long a connection may take to send a request's line and headers, counted from the
 *     connection's opening or from the first byte of a later request; then it is closed (default 10 s)
 * @param idleTimeout how long a connection may stay silent, between requests or within one, before it is closed
 *     (default 30 s)
 * @param requestTimeout how long one request may take from its headers to the end of its response, body upload
 *     included; then its connection is closed (default 60 s)
 * @param maxConnections the most connections open at once; further clients wait in the accept queue until one
 *     closes (default 1024)
 * @param maxPathSegmentBytes the longest accepted path segment, in bytes after percent-decoding; longer ones get
 *     400 {@code INVALID_PATH} (default 255)
 * @param maxPathDepth the most segments a request path may have; deeper ones get 400 {@code INVALID_PATH}
 *     (default 32)
 * @param dashboard whether the dashboard is served at {@code /}
 * @param sessions hands out one caller's view per request
 * @param description what {@code GET /v1} reports
 * @param dashboardSettings what the dashboard shows (title, links, baselines) and how people sign in to it
 * @param agentReadme the agent-facing README served at {@code GET /v1/agent-readme} (Markdown), read per request;
 *     empty until the deployment has written one
 * @param clientJar the runnable {@code collab} jar served at {@code GET /v1/cli/collab.jar}, so that an agent on
 *     another machine gets the command line its README uses from the server it joins; empty when the server does
 *     not run from one (the route then answers 404)
 */
public record ServerConfig(
        String host,
        int port,
        long maxBodyBytes,
        Duration shutdownGrace,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration requestTimeout,
        int maxConnections,
        int maxPathSegmentBytes,
        int maxPathDepth,
        boolean dashboard,
        CollabSessions sessions,
        ServiceDescription description,
        DashboardSettings dashboardSettings,
        Supplier<Optional<String>> agentReadme,
        Optional<Path> clientJar) {

    /** Validates every field. */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], but was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, but was " + maxBodyBytes);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must be >= 0, but was " + shutdownGrace);
        }
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requireAtLeastOne(maxConnections, "maxConnections");
        requireAtLeastOne(maxPathSegmentBytes, "maxPathSegmentBytes");
        requireAtLeastOne(maxPathDepth, "maxPathDepth");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(dashboardSettings, "dashboardSettings");
        Objects.requireNonNull(agentReadme, "agentReadme");
        Objects.requireNonNull(clientJar, "clientJar");
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + d);
        }
    }

    private static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }

    /**
     * Starts a builder with defaults: {@code 127.0.0.1}, port 0, 1 MiB bodies, 5 s grace, 10 s header, 30 s idle
     * and 60 s request timeouts, 1024 connections, path segments of 255 bytes and 32 levels, dashboard on.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /** Builder for {@link ServerConfig}. Not thread safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private long maxBodyBytes = 1024 * 1024;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private int maxConnections = 1024;
        private int maxPathSegmentBytes = 255;
        private int maxPathDepth = 32;
        private boolean dashboard = true;
        private CollabSessions sessions;
        private ServiceDescription description;
        private DashboardSettings dashboardSettings = DashboardSettings.defaults();
        private Supplier<Optional<String>> agentReadme = Optional::empty;
        private Optional<Path> clientJar = Optional.empty();

        private Builder() {}

        /**
         * Sets the source of the agent README served at {@code GET /v1/agent-readme} (default: none, and the
         * route answers 404 {@code NOT_FOUND}).
         *
         * @param value supplies the current Markdown text, e.g. read from the central bucket's {@code README.md}
         * @return this builder
         */
        public Builder agentReadme(Supplier<Optional<String>> value) {
            agentReadme = Objects.requireNonNull(value, "agentReadme");
            return this;
        }

        /**
         * Sets the runnable {@code collab} jar served at {@code GET /v1/cli/collab.jar} (default: none, and the
         * route answers 404 {@code NOT_FOUND}).
         *
         * @param value the jar, or empty
         * @return this builder
         */
        public Builder clientJar(Optional<Path> value) {
            clientJar = Objects.requireNonNull(value, "clientJar");
            return this;
        }

        /**
         * Sets the bind address ({@code 0.0.0.0} for all interfaces).
         *
         * @param value the host name or address
         * @return this builder
         */
        public Builder host(String value) {
            host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * Sets the port.
         *
         * @param value 0 (any free port) to 65535
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], but was " + value);
            }
            port = value;
            return this;
        }

        /**
         * Sets the request-body limit.
         *
         * @param value bytes, at least 1
         * @return this builder
         */
        public Builder maxBodyBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxBodyBytes must be >= 1, but was " + value);
            }
            maxBodyBytes = value;
            return this;
        }

        /**
         * Sets how long shutdown waits for in-flight requests.
         *
         * @param value a non-negative duration
         * @return this builder
         */
        public Builder shutdownGrace(Duration value) {
            shutdownGrace = Objects.requireNonNull(value, "shutdownGrace");
            return this;
        }

        /**
         * Sets how long a connection may take to send a request's line and headers.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder headerTimeout(Duration value) {
            requirePositive(value, "headerTimeout");
            headerTimeout = value;
            return this;
        }

        /**
         * Sets how long a connection may stay silent.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            requirePositive(value, "idleTimeout");
            idleTimeout = value;
            return this;
        }

        /**
         * Sets how long one request may take from its headers to the end of its response.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            requirePositive(value, "requestTimeout");
            requestTimeout = value;
            return this;
        }

        /**
         * Sets the most connections open at once.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxConnections(int value) {
            requireAtLeastOne(value, "maxConnections");
            maxConnections = value;
            return this;
        }

        /**
         * Sets the longest accepted path segment.
         *
         * @param value bytes after percent-decoding, at least 1
         * @return this builder
         */
        public Builder maxPathSegmentBytes(int value) {
            requireAtLeastOne(value, "maxPathSegmentBytes");
            maxPathSegmentBytes = value;
            return this;
        }

        /**
         * Sets the most segments a request path may have.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder maxPathDepth(int value) {
            requireAtLeastOne(value, "maxPathDepth");
            maxPathDepth = value;
            return this;
        }

        /**
         * Turns the dashboard at {@code /} on or off.
         *
         * @param value whether to serve it
         * @return this builder
         */
        public Builder dashboard(boolean value) {
            dashboard = value;
            return this;
        }

        /**
         * Sets where per-request views come from (required).
         *
         * @param value e.g. {@code service::session}
         * @return this builder
         */
        public Builder sessions(CollabSessions value) {
            sessions = Objects.requireNonNull(value, "sessions");
            return this;
        }

        /**
         * Sets what {@code GET /v1} reports (required).
         *
         * @param value the description
         * @return this builder
         */
        public Builder description(ServiceDescription value) {
            description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Sets what the dashboard shows and how people sign in ({@link DashboardSettings#defaults()} by default).
         *
         * @param value the settings
         * @return this builder
         */
        public Builder dashboardSettings(DashboardSettings value) {
            dashboardSettings = Objects.requireNonNull(value, "dashboardSettings");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         * @throws IllegalStateException when sessions or description are missing
         */
        public ServerConfig build() {
            if (sessions == null || description == null) {
                throw new IllegalStateException("sessions and description must be set");
            }
            return new ServerConfig(
                    host,
                    port,
                    maxBodyBytes,
                    shutdownGrace,
                    headerTimeout,
                    idleTimeout,
                    requestTimeout,
                    maxConnections,
                    maxPathSegmentBytes,
                    maxPathDepth,
                    dashboard,
                    sessions,
                    description,
                    dashboardSettings,
                    agentReadme,
                    clientJar);
        }
    }
}
