package dev.agentcollab.core.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dashboard at {@code /} shows beyond the API's own data, and how people sign in to it. Everything here
 * is public except {@link OAuthSettings#clientSecret()}, which never leaves the server. Build with
 * {@link #custom()}; {@link #defaults()} shows the collaboration's slug as title and offers token sign-in only.
 *
 * <p>Configuration keys (as a deployment's config file would name them): {@code dashboard.title},
 * {@code dashboard.description}, {@code dashboard.links[].label|url}, {@code dashboard.baselines[].label|score|
 * guard|method|url}, {@code dashboard.public_url}, {@code dashboard.poll_interval}, {@code dashboard.session_ttl},
 * {@code dashboard.token_login}, {@code dashboard.oauth.client_id|client_secret|authorize_url|token_url|
 * redirect_url|scopes|provider_name}, {@code dashboard.session_store}.
 *
 * @param title the page title; empty shows the collaboration's slug
 * @param description a short markdown text under the title (the challenge in two sentences); may be empty
 * @param links links shown in the header
 * @param baselines reference rows shown in the leaderboard and as horizontal lines in the chart
 * @param publicUrl the URL agents should use to reach this server (for the "Add your agent" prompt); empty uses
 *     the address the browser used
 * @param pollInterval how often the page polls for changes (with {@code If-None-Match}); 1 s to 10 min
 * @param sessionTtl how long a dashboard sign-in lasts; 1 min to 90 days
 * @param tokenLogin whether people may sign in by pasting a bearer token (static identities)
 * @param oauth the OAuth provider for "Sign in with Hugging Face", when configured
 * @param sessionStore the file that keeps sign-ins across restarts (session id hashes, tokens sealed under keys
 *     derived from the session ids, expiries); empty keeps them in memory only
 */
public record DashboardSettings(
        Optional<String> title,
        String description,
        List<DashboardLink> links,
        List<BaselineRow> baselines,
        Optional<String> publicUrl,
        Duration pollInterval,
        Duration sessionTtl,
        boolean tokenLogin,
        Optional<OAuthSettings> oauth,
        Optional<Path> sessionStore) {

    /** Validates every field. */
    public DashboardSettings {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        links = List.copyOf(links);
        baselines = List.copyOf(baselines);
        Objects.requireNonNull(publicUrl, "publicUrl");
        publicUrl.ifPresent(DashboardLink::requireSafeUrl);
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        Objects.requireNonNull(oauth, "oauth");
        Objects.requireNonNull(sessionStore, "sessionStore");
        title.ifPresent(t -> {
            if (t.isBlank() || t.length() > 120) {
                throw new IllegalArgumentException("title must be 1 to 120 characters, but was '" + t + "'");
            }
        });
        if (description.length() > 4000) {
            throw new IllegalArgumentException("description must be at most 4000 characters");
        }
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0 || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("pollInterval must be in [1 s, 10 min], but was " + pollInterval);
        }
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(90)) > 0) {
            throw new IllegalArgumentException("sessionTtl must be in [1 min, 90 days], but was " + sessionTtl);
        }
    }

    /**
     * The defaults: slug as title, no description, links or baselines, 3 s polling, 7-day sessions, token sign-in
     * on, no OAuth.
     *
     * @return the settings
     */
    public static DashboardSettings defaults() {
        return custom().build();
    }

    /**
     * Starts a builder with {@link #defaults()}.
     *
     * @return the builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /** Builder for {@link DashboardSettings}; each setter validates at {@link #build()}. Not thread safe. */
    public static final class Builder {
        private Optional<String> title = Optional.empty();
        private String description = "";
        private final List<DashboardLink> links = new ArrayList<>();
        private final List<BaselineRow> baselines = new ArrayList<>();
        private Optional<String> publicUrl = Optional.empty();
        private Duration pollInterval = Duration.ofSeconds(3);
        private Duration sessionTtl = Duration.ofDays(7);
        private boolean tokenLogin = true;
        private Optional<OAuthSettings> oauth = Optional.empty();
        private Optional<Path> sessionStore = Optional.empty();

        private Builder() {}

        /**
         * Sets the page title.
         *
         * @param value 1 to 120 characters
         * @return this builder
         */
        public Builder title(String value) {
            title = Optional.of(value);
            return this;
        }

        /**
         * Sets the markdown description shown under the title.
         *
         * @param value at most 4000 characters
         * @return this builder
         */
        public Builder description(String value) {
            description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Adds a header link.
         *
         * @param label the visible text
         * @param url an absolute http(s) URL or a path starting with {@code /}
         * @return this builder
         */
        public Builder link(String label, String url) {
            links.add(new DashboardLink(label, url));
            return this;
        }

        /**
         * Adds a baseline row.
         *
         * @param value the row
         * @return this builder
         */
        public Builder baseline(BaselineRow value) {
            baselines.add(Objects.requireNonNull(value, "baseline"));
            return this;
        }

        /**
         * Sets the URL agents use to reach this server.
         *
         * @param value an absolute http(s) URL
         * @return this builder
         */
        public Builder publicUrl(String value) {
            publicUrl = Optional.of(value);
            return this;
        }

        /**
         * Sets how often the page polls.
         *
         * @param value 1 s to 10 min
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            pollInterval = Objects.requireNonNull(value, "pollInterval");
            return this;
        }

        /**
         * Sets how long a sign-in lasts.
         *
         * @param value 1 min to 90 days
         * @return this builder
         */
        public Builder sessionTtl(Duration value) {
            sessionTtl = Objects.requireNonNull(value, "sessionTtl");
            return this;
        }

        /**
         * Turns sign-in by bearer token on or off.
         *
         * @param value whether it is offered
         * @return this builder
         */
        public Builder tokenLogin(boolean value) {
            tokenLogin = value;
            return this;
        }

        /**
         * Configures "Sign in with Hugging Face".
         *
         * @param value the OAuth settings
         * @return this builder
         */
        public Builder oauth(OAuthSettings value) {
            oauth = Optional.of(value);
            return this;
        }

        /**
         * Keeps sign-ins in a file so that they survive a restart (see {@link DashboardSettings#sessionStore()}).
         *
         * @param file the session file; its folder is created when missing
         * @return this builder
         */
        public Builder sessionStore(Path file) {
            sessionStore = Optional.of(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the validated settings
         * @throws IllegalArgumentException when a value is out of range
         */
        public DashboardSettings build() {
            return new DashboardSettings(
                    title,
                    description,
                    links,
                    baselines,
                    publicUrl,
                    pollInterval,
                    sessionTtl,
                    tokenLogin,
                    oauth,
                    sessionStore);
        }
    }
}
