package dev.agentcollab.app.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.http.BaselineRow;
import dev.agentcollab.core.http.DashboardSettings;
import dev.agentcollab.core.http.OAuthSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code dashboard.*} keys of a {@code collab serve} configuration, read into {@link ServeConfig.Dashboard}
 * and its {@link DashboardSettings} (docs/dashboard.md's table). A link or baseline is either {@code label=value}
 * text (what an environment variable can hold) or a YAML mapping; a bad one fails with
 * {@link ErrorCode#INVALID_REQUEST} naming the key. Stateless.
 */
final class DashboardKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LINK_FIELDS = Set.of("label", "url");
    private static final Set<String> BASELINE_FIELDS = Set.of("label", "score", "guard", "method", "url");

    private DashboardKeys() {}

    /**
     * Reads the dashboard section.
     *
     * @param v the configuration values
     * @param slug the collaboration's slug, the default title
     * @return the dashboard
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the bad key
     */
    static ServeConfig.Dashboard read(ConfigValues v, String slug) {
        String title = v.optionalText("dashboard.title").orElse(slug);
        String description = v.optionalText("dashboard.description").orElse("");
        List<ServeConfig.Link> links = new ArrayList<>();
        for (String item : v.list("dashboard.links")) {
            links.add(link(v, item));
        }
        DashboardSettings.Builder b = DashboardSettings.custom();
        b.title(title).description(description);
        try {
            links.forEach(l -> b.link(l.label(), l.url().toString()));
        } catch (IllegalArgumentException e) {
            throw invalid("dashboard.links: " + e.getMessage());
        }
        for (String item : v.list("dashboard.baselines")) {
            b.baseline(baseline(v, item));
        }
        v.optionalText("dashboard.public_url").ifPresent(b::publicUrl);
        b.pollInterval(within(v, "dashboard.poll_interval", Duration.ofSeconds(1), Duration.ofMinutes(10)));
        b.sessionTtl(within(v, "dashboard.session_ttl", Duration.ofMinutes(1), Duration.ofDays(90)));
        v.path("dashboard.session_store").ifPresent(b::sessionStore);
        b.tokenLogin(v.bool("dashboard.token_login"));
        oauth(v).ifPresent(b::oauth);
        DashboardSettings settings;
        try {
            settings = b.build();
        } catch (IllegalArgumentException e) {
            // title, description or public_url
            throw invalid("dashboard.title, dashboard.description or dashboard.public_url: " + e.getMessage());
        }
        return new ServeConfig.Dashboard(v.bool("dashboard.enabled"), title, description, links, settings);
    }

    private static Duration within(ConfigValues v, String key, Duration min, Duration max) {
        Duration d = v.duration(key);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(
                    key + " (from " + v.origin(key) + ") must be between " + min + " and " + max + ", but was " + d);
        }
        return d;
    }

    private static ServeConfig.Link link(ConfigValues v, String item) {
        String key = "dashboard.links";
        if (item.startsWith("{")) {
            JsonNode n = object(v, key, item, LINK_FIELDS);
            String label = n.path("label").asText("");
            String url = n.path("url").asText("");
            if (label.isBlank() || url.isBlank()) {
                throw invalid("each of dashboard.links needs label and url, but was " + item);
            }
            return new ServeConfig.Link(label.strip(), ServeConfig.uriOf(v, key, url));
        }
        int eq = item.indexOf('=');
        if (eq < 1) {
            throw v.bad(key, item);
        }
        return new ServeConfig.Link(item.substring(0, eq).strip(), ServeConfig.uriOf(v, key, item.substring(eq + 1)));
    }

    private static BaselineRow baseline(ConfigValues v, String item) {
        String key = "dashboard.baselines";
        try {
            if (item.startsWith("{")) {
                JsonNode n = object(v, key, item, BASELINE_FIELDS);
                if (!n.path("label").isValueNode() || !n.path("score").isNumber()) {
                    throw invalid("each of dashboard.baselines needs label and a numeric score, but was " + item);
                }
                Optional<Double> guard = Optional.empty();
                if (n.has("guard")) {
                    if (!n.get("guard").isNumber()) {
                        throw invalid("the guard of a dashboard baseline must be a number, but was " + item);
                    }
                    guard = Optional.of(n.get("guard").asDouble());
                }
                return new BaselineRow(
                        n.get("label").asText().strip(),
                        n.get("score").asDouble(),
                        guard,
                        n.path("method").asText(""),
                        Optional.ofNullable(n.get("url")).map(JsonNode::asText));
            }
            int eq = item.lastIndexOf('=');
            if (eq < 1) {
                throw v.bad(key, item);
            }
            return BaselineRow.of(
                    item.substring(0, eq).strip(),
                    Double.parseDouble(item.substring(eq + 1).strip()));
        } catch (NumberFormatException e) {
            throw v.bad(key, item);
        } catch (IllegalArgumentException e) {
            throw invalid("dashboard.baselines: " + e.getMessage());
        }
    }

    private static Optional<OAuthSettings> oauth(ConfigValues v) {
        Optional<String> clientId = v.optionalText("dashboard.oauth.client_id");
        if (clientId.isEmpty()) {
            return Optional.empty();
        }
        String redirect = v.optionalText("dashboard.oauth.redirect_url")
                .orElseThrow(() -> invalid("dashboard.oauth.client_id needs dashboard.oauth.redirect_url (this"
                        + " server's public https://.../auth/callback)"));
        try {
            return Optional.of(new OAuthSettings(
                    clientId.get(),
                    v.optionalText("dashboard.oauth.client_secret").orElse(""),
                    URI.create(v.text("dashboard.oauth.authorize_url")),
                    URI.create(v.text("dashboard.oauth.token_url")),
                    URI.create(redirect),
                    v.list("dashboard.oauth.scopes"),
                    v.text("dashboard.oauth.provider_name")));
        } catch (IllegalArgumentException e) {
            // the message names a URI or a field, never the client secret
            throw invalid("dashboard.oauth: " + e.getMessage());
        }
    }

    private static JsonNode object(ConfigValues v, String key, String item, Set<String> fields) {
        JsonNode n;
        try {
            n = JSON.readTree(item);
        } catch (IOException e) {
            throw v.bad(key, item);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw invalid("unknown field '" + f + "' in " + key + " (allowed: "
                        + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        return n;
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, message);
    }
}
