package dev.agentcollab.hf;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds an {@link HfHubClient}; obtain one with {@link HfHubClient#builder()}. Not thread safe. */
public final class HfHubClientBuilder {
    URI endpoint = HfHubClient.DEFAULT_ENDPOINT;
    Supplier<Optional<String>> token = Optional::empty;
    HttpClient http;
    Duration timeout = Duration.ofSeconds(30);
    private final Function<HfHubClientBuilder, HfHubClient> factory;

    HfHubClientBuilder(Function<HfHubClientBuilder, HfHubClient> factory) {
        this.factory = factory;
    }

    /**
     * Sets the Hub base URL.
     *
     * @param endpoint an absolute {@code http} or {@code https} URL, e.g. {@code https://huggingface.co}
     * @return this builder
     * @throws IllegalArgumentException when the URL is not absolute http(s)
     */
    public HfHubClientBuilder endpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an absolute http(s) URL, but was " + endpoint);
        }
        String text = endpoint.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        this.endpoint = URI.create(text);
        return this;
    }

    /**
     * Sets the token sent as {@code Authorization: Bearer} on every call.
     *
     * @param token a Hub access token, or {@code null} for anonymous calls
     * @return this builder
     */
    public HfHubClientBuilder token(String token) {
        Optional<String> fixed = token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
        this.token = () -> fixed;
        return this;
    }

    /**
     * Asks a source for the token of each call instead of a fixed one, so that a rotated token (e.g. re-read from a
     * file) takes effect without a new client. Xet tokens already obtained with the previous token are used until
     * they expire.
     *
     * @param token supplies the token; a {@code null} or blank answer makes the call anonymous. Asked on every
     *     call (a call that follows redirects asks once), so it must be quick and thread safe
     * @return this builder
     */
    public HfHubClientBuilder tokenSource(Supplier<String> token) {
        Objects.requireNonNull(token, "token");
        this.token = () -> Optional.ofNullable(token.get()).filter(t -> !t.isBlank());
        return this;
    }

    /**
     * Uses a given HTTP client (it should not follow redirects itself; {@link HfHubClient} does).
     *
     * @param http the client
     * @return this builder
     */
    public HfHubClientBuilder httpClient(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
        return this;
    }

    /**
     * Sets the per-request timeout (also the connect timeout of the default HTTP client).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public HfHubClientBuilder timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     */
    public HfHubClient build() {
        return factory.apply(this);
    }
}
