package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.spi.BucketStoreProvider;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.resilience.ResilienceConfig;
import dev.agentcollab.core.bucket.resilience.ResilientBucketStore;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubClientBuilder;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.HttpXetUploader;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the {@code hf} scheme ({@code hf://buckets}): an {@link HfBucketStore} on the Hub, wrapped in a
 * {@link ResilientBucketStore} with {@link ResilienceConfig#ofDefaults()} because the Hub is remote. Settings:
 * {@code endpoint} (default {@code https://huggingface.co}, else the {@code HF_ENDPOINT} environment variable),
 * {@code token} (else {@code HF_TOKEN}), {@code token_file} (a file holding the token, followed as it is rotated; it wins
 * over {@code token}) and {@code resilience} ({@code default}, or {@code none} for the bare
 * store). Uploads go through the Xet protocol ({@link HttpXetUploader}). Thread safe.
 */
public final class HfBucketStoreProvider implements BucketStoreProvider {
    /** Setting naming the Hub base URL. */
    public static final String ENDPOINT = "endpoint";

    /** Setting holding the Hub token. */
    public static final String TOKEN = "token";

    /**
     * Setting naming a file that holds the Hub token, followed as it changes ({@link HubTokenFile}: a rotated token
     * is used within a second, without a new store); it wins over {@link #TOKEN}.
     */
    public static final String TOKEN_FILE = "token_file";

    /** Setting that turns the retry and circuit-breaker decorator off ({@code none}) or on ({@code default}). */
    public static final String RESILIENCE = "resilience";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** How often, at most, the token file is compared with the token in use. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public HfBucketStoreProvider() {}

    @Override
    public String scheme() {
        return "hf";
    }

    @Override
    public BucketStore open(URI uri, Map<String, String> config) {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(config, "config");
        if (!"hf".equalsIgnoreCase(uri.getScheme())) {
            throw CollabException.invalidPath("not an hf: URI: '" + uri + "'");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().equals("buckets")) {
            throw CollabException.invalidPath("an hf: store URI is hf://buckets, got: '" + uri + "'");
        }
        String endpoint = setting(config, ENDPOINT, "HF_ENDPOINT");
        HfHubClientBuilder builder = HfHubClient.builder().timeout(TIMEOUT);
        String tokenFile = config.get(TOKEN_FILE);
        if (tokenFile != null && !tokenFile.isBlank()) {
            try {
                builder.tokenSource(
                        HubTokenFile.follow(java.nio.file.Path.of(tokenFile), InstantSource.system(), CHECK_EVERY));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "setting '" + TOKEN_FILE + "': " + e.getMessage());
            }
        } else {
            builder.token(setting(config, TOKEN, "HF_TOKEN"));
        }
        if (endpoint != null) {
            try {
                builder.endpoint(URI.create(endpoint));
            } catch (IllegalArgumentException e) {
                throw CollabException.invalidPath("invalid hf endpoint '" + endpoint + "': " + e.getMessage());
            }
        }
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HfBucketStore store = HfBucketStore.create(
                builder.httpClient(http).build(),
                new HttpXetUploader(http, TIMEOUT),
                new HttpXetDownloader(http, TIMEOUT),
                InstantSource.system());
        String resilience = config.getOrDefault(RESILIENCE, "default");
        return switch (resilience) {
            case "none" -> store;
            case "default" -> ResilientBucketStore.wrap(store);
            default ->
                throw CollabException.invalidPath(
                        "setting '" + RESILIENCE + "' must be 'default' or 'none', but was '" + resilience + "'");
        };
    }

    private static String setting(Map<String, String> config, String key, String env) {
        String v = config.get(key);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
