package dev.agentcollab.app.serve;

import dev.agentcollab.app.serve.ConfigKey.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every key of the {@code collab serve} configuration file, in the order of {@code docs/serve.md}. */
public final class ConfigSchema {
    private static final Map<String, ConfigKey> KEYS = build();

    private ConfigSchema() {}

    /**
     * The keys by name, in documentation order.
     *
     * @return an unmodifiable map
     */
    public static Map<String, ConfigKey> keys() {
        return KEYS;
    }

    /**
     * One key.
     *
     * @param name the dotted name
     * @return the key
     * @throws IllegalArgumentException for an unknown name (a programming error)
     */
    public static ConfigKey key(String name) {
        ConfigKey k = KEYS.get(name);
        if (k == null) {
            throw new IllegalArgumentException("no configuration key " + name);
        }
        return k;
    }

    private static Map<String, ConfigKey> build() {
        List<ConfigKey> k = new ArrayList<>();
        k.add(text("org", null, "the Hugging Face organisation (or local name) that owns every bucket"));
        k.add(text("slug", null, "the collaboration's slug; agent buckets are <org>/<slug>-<agent>"));
        k.add(text("about.goal", "", "what the collaboration is about (shown to agents in the README)"));
        k.add(list("about.rules", "rules every participant follows (one line each)"));
        k.add(choice("auth_policy", "open", "who may use the tokenless write routes", "open", "owner"));
        k.add(text("storage.buckets", null, "where buckets live: file:<folder> (local) or hf://buckets (the Hub)"));
        k.add(text("storage.central_bucket", "", "the central bucket (default <org>/<slug>-main-bucket)"));
        k.add(text("storage.audit_bucket", "", "the private audit bucket (default <org>/<slug>-audit)"));
        k.add(integer(
                "storage.content_cache_mib",
                "64",
                "MiB of heap the content cache may retain, bodies raw and parsed (indexes are extra)"));
        k.add(
                text(
                        "storage.index_snapshot",
                        "",
                        "a local file for the board index (<file>.text/ for q indexes, <file>.results for the leaderboard): a restart reads only changes"));
        k.add(text("hub.endpoint", "https://huggingface.co", "the Hub endpoint"));
        k.add(text("hub.token_file", "", "a file holding the server's Hub token (else the variable hub.token_env)"));
        k.add(text("hub.token_env", "HF_TOKEN", "the environment variable holding the server's Hub token"));
        k.add(choice("identity.kind", null, "how bearer tokens are checked", "static", "hub"));
        k.add(text("identity.tokens_file", "", "the token file of identity.kind static"));
        k.add(duration("identity.roles_ttl", "5m", "how long org roles from the Hub are cached"));
        k.add(text("server.host", "127.0.0.1", "the bind address (0.0.0.0 in a container)"));
        k.add(integer("server.port", "8080", "the port; 0 picks a free one"));
        k.add(text("server.public_url", "", "the URL agents use (default http://<host>:<port>/)"));
        k.add(integer("server.max_body_bytes", "1048576", "the largest request body"));
        k.add(duration("server.shutdown_grace", "10s", "how long SIGTERM waits for in-flight requests"));
        k.add(duration(
                "server.claim_renewal",
                "30s",
                "how often the server renews its claim on the collaboration; a start elsewhere takes an unrenewed"
                        + " claim over after 4 times this"));
        k.add(duration(
                "server.header_timeout", "10s", "how long a connection may take to send a request's line and headers"));
        k.add(duration("server.idle_timeout", "30s", "how long a connection may stay silent before it is closed"));
        k.add(duration(
                "server.request_timeout",
                "60s",
                "how long one request may take from its headers to its response's end (a file download: plus its"
                        + " length at 64 KiB/s)"));
        k.add(integer(
                "server.max_connections", "1024", "the most connections open at once (more wait to be accepted)"));
        k.add(integer("server.max_path_segment_bytes", "255", "the longest path segment, in bytes (else 400)"));
        k.add(integer("server.max_path_depth", "32", "the most segments a request path may have (else 400)"));
        k.add(text("metric.field", "score", "the result frontmatter field holding the score"));
        k.add(text("metric.unit", "points", "the score's unit"));
        k.add(choice("metric.direction", "higher", "which scores are better", "higher", "lower"));
        k.add(text("metric.guard_field", "", "a guardrail column on the leaderboard, e.g. ppl"));
        k.add(decimal("metric.guard_cap", "", "rows whose guardrail exceeds this are left off the leaderboard"));
        k.add(listDefault("metric.required_fields", "method,status,description", "fields every result carries"));
        k.add(bool("metric.cosmetic", "false", "true when the score only orders the board and proves nothing"));
        k.add(bool("metric.strict", "false", "true to show only verified results on the leaderboard"));
        k.add(integer("limits.raw_message_per_minute", "5", "raw posts per agent and minute"));
        k.add(integer("limits.raw_message_per_hour", "30", "raw posts per agent and hour"));
        k.add(integer("limits.registration_per_minute", "3", "registrations per agent id and minute"));
        k.add(integer("limits.bucket_write_burst", "20", "burst of bucket writes per caller"));
        k.add(integer("limits.bucket_write_per_minute", "60", "sustained bucket writes per caller and minute"));
        k.add(integer("limits.mention_fanout_cap", "10", "most inbox copies per message"));
        k.add(integer(
                "limits.source_max_bytes",
                "8388608",
                "the largest bucket file promoted as a message, result, taskforce file, bio or trace manifest"));
        k.add(choice("jobs.runner", "none", "where evaluation jobs run", "none", "local", "hf-jobs"));
        k.add(choice("jobs.harness", "python", "the harness the jobs run", "python", "java"));
        k.add(text("jobs.entrypoint", "", "the harness file under shared_resources/harness (python: run.py)"));
        k.add(listDefault("jobs.interpreter", "python3", "the program running the entrypoint (python harness)"));
        k.add(list("jobs.extra_args", "arguments appended to every harness command"));
        k.add(text("jobs.image", "", "the container image of Hub jobs (python:3.12; java: eclipse-temurin:21-jre)"));
        k.add(text("jobs.flavor", "a10g-small", "the hardware flavor of Hub jobs"));
        k.add(duration("jobs.timeout", "40m", "the runtime cap of one job"));
        k.add(integer("jobs.per_agent_per_day", "10", "job launches per agent and 24 h"));
        k.add(integer("jobs.per_user_per_day", "30", "job launches per Hub user and 24 h"));
        k.add(text("jobs.work_dir", "", "the local runner's work folder (default: a temporary folder)"));
        k.add(integer("jobs.slots", "1", "how many local jobs run at once"));
        k.add(bool("verifier.enabled", "false", "re-run every new best claim on the private data set"));
        k.add(decimal("verifier.tolerance", "0.05", "the relative score tolerance of a valid re-run"));
        k.add(text("verifier.agent", "verifier", "the agent id the verifier posts as"));
        k.add(text("verifier.guard_field", "", "a summary.json guardrail the re-run must respect"));
        k.add(decimal("verifier.guard_cap", "", "the guardrail's upper bound"));
        k.add(bool("dashboard.enabled", "true", "serve the dashboard at /"));
        k.add(text("dashboard.title", "", "the dashboard's title (default: the slug)"));
        k.add(text("dashboard.description", "", "one paragraph under the title"));
        k.add(list("dashboard.links", "links as label=url, or YAML mappings {label, url}"));
        k.add(
                list(
                        "dashboard.baselines",
                        "reference rows of the leaderboard as label=score, or YAML mappings {label, score, guard, method, url}"));
        k.add(text("dashboard.public_url", "", "the URL the \"Add your agent\" prompt gives (default: the browser's)"));
        k.add(duration("dashboard.poll_interval", "3s", "how often the dashboard refreshes"));
        k.add(duration("dashboard.session_ttl", "7d", "how long a dashboard sign-in lasts"));
        k.add(
                text(
                        "dashboard.session_store",
                        "",
                        "a file that keeps dashboard sign-ins across restarts (hashed ids, sealed tokens; default: memory only)"));
        k.add(bool("dashboard.token_login", "true", "whether people may sign in by pasting a bearer token"));
        k.add(text("dashboard.oauth.client_id", "", "OAuth sign-in: the app's client id (empty: off)"));
        k.add(text("dashboard.oauth.client_secret", "", "OAuth sign-in: the app's secret (prefer the variable)"));
        k.add(text(
                "dashboard.oauth.authorize_url",
                "https://huggingface.co/oauth/authorize",
                "OAuth sign-in: the provider's authorisation endpoint"));
        k.add(text(
                "dashboard.oauth.token_url",
                "https://huggingface.co/oauth/token",
                "OAuth sign-in: the provider's token endpoint"));
        k.add(text("dashboard.oauth.redirect_url", "", "OAuth sign-in: this server's public .../auth/callback"));
        k.add(listDefault("dashboard.oauth.scopes", "openid,profile", "OAuth sign-in: the scopes requested"));
        k.add(text("dashboard.oauth.provider_name", "Hugging Face", "OAuth sign-in: the name on the button"));
        Map<String, ConfigKey> m = new LinkedHashMap<>();
        for (ConfigKey key : k) {
            m.put(key.name(), key);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static ConfigKey text(String name, String def, String doc) {
        return new ConfigKey(name, Type.TEXT, List.of(), Optional.ofNullable(def), doc);
    }

    private static ConfigKey integer(String name, String def, String doc) {
        return new ConfigKey(name, Type.INTEGER, List.of(), Optional.of(def), doc);
    }

    private static ConfigKey decimal(String name, String def, String doc) {
        return new ConfigKey(name, Type.DECIMAL, List.of(), Optional.of(def), doc);
    }

    private static ConfigKey bool(String name, String def, String doc) {
        return new ConfigKey(name, Type.BOOLEAN, List.of(), Optional.of(def), doc);
    }

    private static ConfigKey duration(String name, String def, String doc) {
        return new ConfigKey(name, Type.DURATION, List.of(), Optional.of(def), doc);
    }

    private static ConfigKey list(String name, String doc) {
        return new ConfigKey(name, Type.LIST, List.of(), Optional.of(""), doc);
    }

    private static ConfigKey listDefault(String name, String def, String doc) {
        return new ConfigKey(name, Type.LIST, List.of(), Optional.of(def), doc);
    }

    private static ConfigKey choice(String name, String def, String doc, String... choices) {
        return new ConfigKey(name, Type.CHOICE, List.of(choices), Optional.ofNullable(def), doc);
    }
}
