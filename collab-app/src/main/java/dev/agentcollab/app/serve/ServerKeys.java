package dev.agentcollab.app.serve;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the {@code server.*} keys into {@link ServeConfig.Server}: where the server listens and the limits it puts
 * on every connection (timeouts, connection cap, body size, path limits). A value out of range stops the start-up
 * with one line naming the key, where the value came from and the allowed range.
 */
final class ServerKeys {
    private ServerKeys() {}

    static ServeConfig.Server server(ConfigValues v) {
        int port = v.integer("server.port");
        if (port < 0 || port > 65_535) {
            throw outOfRange(v, "server.port", "between 0 and 65535", Integer.toString(port));
        }
        Optional<URI> publicUrl =
                v.optionalText("server.public_url").map(u -> ServeConfig.uriOf(v, "server.public_url", u));
        return new ServeConfig.Server(
                v.text("server.host"),
                port,
                publicUrl,
                atLeast(v, "server.max_body_bytes", 1),
                v.duration("server.shutdown_grace"),
                atLeast(v, "server.claim_renewal", Duration.ofSeconds(1)),
                new ServeConfig.ServerLimits(
                        positive(v, "server.header_timeout"),
                        positive(v, "server.idle_timeout"),
                        positive(v, "server.request_timeout"),
                        atLeast(v, "server.max_connections", 1),
                        atLeast(v, "server.max_path_segment_bytes", 1),
                        atLeast(v, "server.max_path_depth", 1)));
    }

    private static Duration positive(ConfigValues v, String key) {
        Duration d = v.duration(key);
        if (d.isZero()) {
            throw outOfRange(v, key, "longer than 0s", "0s");
        }
        return d;
    }

    private static Duration atLeast(ConfigValues v, String key, Duration min) {
        Duration d = v.duration(key);
        if (d.compareTo(min) < 0) {
            throw outOfRange(v, key, "at least " + min.toSeconds() + "s", d.toSeconds() + "s");
        }
        return d;
    }

    static int atLeast(ConfigValues v, String key, int min) {
        int n = v.integer(key);
        if (n < min) {
            throw outOfRange(v, key, "at least " + min, Integer.toString(n));
        }
        return n;
    }

    private static CollabException outOfRange(ConfigValues v, String key, String allowed, String value) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "key '" + key + "' (from " + v.origin(key) + ") must be " + allowed + ", but was '" + value + "'",
                ConfigSchema.key(key).doc());
    }
}
