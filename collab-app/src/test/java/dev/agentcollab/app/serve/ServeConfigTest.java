package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import dev.agentcollab.core.http.BaselineRow;
import dev.agentcollab.core.http.DashboardSettings;
import dev.agentcollab.core.http.OAuthSettings;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServeConfigTest {
    static final Path EXAMPLES = Path.of("../docs/examples");

    @Test
    void theLocalExampleLoadsAsIs() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-local.yaml"), Map.of());
        assertEquals("local-collab", c.org());
        assertEquals("fast-gemma", c.slug());
        assertEquals(WriteAuth.OWNER, c.authPolicy());
        assertEquals(ServeConfig.IdentityKind.STATIC, c.identity().kind());
        assertEquals(
                EXAMPLES.resolve("tokens-local.yaml").toAbsolutePath().normalize(),
                c.identity().tokensFile().orElseThrow());
        assertEquals("file", c.storage().buckets().getScheme());
        assertEquals(
                EXAMPLES.resolve("../../collab-data/serve-local/buckets")
                        .toAbsolutePath()
                        .normalize(),
                Path.of(c.storage().buckets()));
        assertEquals(
                "local-collab/fast-gemma-main-bucket", c.storage().central().toString());
        assertEquals("tps", c.metric().field());
        assertEquals(ScoreOrder.DESC, c.metric().order());
        assertEquals(Optional.of("ppl"), c.metric().guardField());
        assertEquals(
                java.util.List.of("tps", "method", "status", "description"),
                c.metric().requiredFields());
        assertEquals(ServeConfig.JobRunnerKind.LOCAL, c.jobs().runner());
        assertEquals(Duration.ofMinutes(10), c.jobs().timeout());
        assertEquals(8080, c.server().port());
        assertEquals(
                4,
                Deployment.tokenFile(c.identity().tokensFile().get(), c.org(), java.time.Clock.systemUTC())
                        .tokens());
    }

    @Test
    void theHubExampleLoadsAsIs() {
        ServeConfig c = ServeConfig.load(EXAMPLES.resolve("serve-hf.yaml"), Map.of());
        assertTrue(c.storage().onHub());
        assertEquals(ServeConfig.IdentityKind.HUB, c.identity().kind());
        assertEquals(ServeConfig.JobRunnerKind.HF_JOBS, c.jobs().runner());
        assertTrue(c.verifier().enabled());
        assertEquals("HF_TOKEN", c.hub().tokenEnv());
        assertEquals("0.0.0.0", c.server().host());
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        ServeConfig c = ServeConfig.load(
                EXAMPLES.resolve("serve-local.yaml"),
                Map.of(
                        "COLLAB_SERVER_PORT", "0",
                        "COLLAB_AUTH_POLICY", "open",
                        "COLLAB_METRIC_DIRECTION", "lower",
                        "COLLAB_ABOUT_RULES", "one, two",
                        "COLLAB_STORAGE_BUCKETS", "file:/srv/collab/buckets"));
        assertEquals(0, c.server().port());
        assertEquals(WriteAuth.OPEN, c.authPolicy());
        assertEquals(ScoreOrder.ASC, c.metric().order());
        assertEquals(java.util.List.of("one", "two"), c.rules());
        assertEquals(Path.of("/srv/collab/buckets"), Path.of(c.storage().buckets()));
    }

    @Test
    void unknownKeysNameTheKeyAndWhatIsAllowed() {
        CollabException e = fail("org: a\nslug: b\nstorage: {buckets: 'file:x', bukets: y}\nidentity: {kind: hub}\n");
        assertTrue(e.getMessage().contains("unknown key 'storage.bukets'"), e.getMessage());
        assertTrue(
                e.hint().orElseThrow().startsWith("did you mean 'storage.buckets'? "),
                e.hint().orElseThrow());
        assertTrue(
                fail("org: a\nslug: b\nsever: {port: 1}\n").hint().orElseThrow().startsWith("did you mean 'server'? "));
        assertTrue(fail("org: a\nslug: b\nstorage: {buckets: 'file:x'}\nmetric: {feild: tps}\n")
                .hint()
                .orElseThrow()
                .startsWith("did you mean 'metric.field'? "));

        CollabException top = fail("org: a\nslug: b\ncolour: red\n");
        assertTrue(top.getMessage().contains("unknown key 'colour'"), top.getMessage());
        assertTrue(top.hint().orElseThrow().startsWith("allowed keys: "), "nothing is near 'colour'");
        assertTrue(top.hint().orElseThrow().contains("auth_policy"), top.hint().orElseThrow());
    }

    @Test
    void badValuesNameTheKeyItsOriginAndWhatIsAllowed() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        CollabException port = fail(base + "server: {port: eighty}\n");
        assertEquals(ErrorCode.INVALID_REQUEST, port.code());
        assertTrue(
                port.getMessage()
                        .contains("key 'server.port' (from test.yaml) must be a whole number, but was 'eighty'"),
                port.getMessage());

        CollabException policy = fail(base + "auth_policy: closed\n");
        assertTrue(policy.getMessage().contains("one of: open, owner"), policy.getMessage());

        CollabException env = assertThrows(
                CollabException.class,
                () -> ServeConfig.from(
                        ConfigValues.parse(base, "test.yaml", Map.of("COLLAB_JOBS_TIMEOUT", "soon"), Path.of("."))));
        assertTrue(
                env.getMessage().contains("key 'jobs.timeout' (from COLLAB_JOBS_TIMEOUT) must be a duration"),
                env.getMessage());

        // a configuration file that is not there is named in words, without the JDK's exception class
        Path nowhere = Path.of("no-such-folder", "collab.yaml");
        CollabException absent = assertThrows(CollabException.class, () -> ServeConfig.load(nowhere, Map.of()));
        assertEquals("cannot read the configuration " + nowhere + ": no such file", absent.getMessage());

        CollabException store = fail("org: a\nslug: b\nstorage: {buckets: 's3://x'}\nidentity: {kind: hub}\n");
        assertTrue(store.getMessage().contains("must be file:<folder> or hf://buckets"), store.getMessage());

        CollabException missing = fail("slug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n");
        assertTrue(
                missing.getMessage().contains("key 'org' is required (set it in the file or as COLLAB_ORG)"),
                missing.getMessage());

        CollabException tokens = fail("org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: static}\n");
        assertTrue(tokens.getMessage().contains("identity.tokens_file"), tokens.getMessage());

        CollabException verifier = fail(base + "verifier: {enabled: true}\n");
        assertTrue(verifier.getMessage().contains("jobs.runner"), verifier.getMessage());
    }

    @Test
    void serverLimitsComeFromTheFileAndTheEnvironmentWithTheServersDefaults() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        ServeConfig.ServerLimits defaults = ServeConfig.from(ConfigValues.parse(base, "t.yaml", Map.of(), Path.of(".")))
                .server()
                .limits();
        assertEquals(
                new ServeConfig.ServerLimits(
                        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1024, 255, 32),
                defaults);

        String yaml = base
                + "server: {header_timeout: 5s, idle_timeout: 2m, request_timeout: 90s, max_connections: 300,"
                + " max_path_segment_bytes: 128, max_path_depth: 16, max_body_bytes: 4096}\n";
        ServeConfig.Server server = ServeConfig.from(ConfigValues.parse(
                        yaml,
                        "t.yaml",
                        Map.of("COLLAB_SERVER_MAX_CONNECTIONS", "500", "COLLAB_SERVER_IDLE_TIMEOUT", "45s"),
                        Path.of(".")))
                .server();
        assertEquals(
                new ServeConfig.ServerLimits(
                        Duration.ofSeconds(5), Duration.ofSeconds(45), Duration.ofSeconds(90), 500, 128, 16),
                server.limits());
        assertEquals(4096, server.maxBodyBytes());
    }

    @Test
    void badServerLimitsNameTheKeyItsOriginAndTheRange() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        CollabException fast = fail(base + "server: {claim_renewal: 0s}\n");
        assertTrue(
                fast.getMessage()
                        .contains("key 'server.claim_renewal' (from test.yaml) must be at least 1s, but was '0s'"),
                fast.getMessage());
        CollabException zero = fail(base + "server: {header_timeout: 0s}\n");
        assertTrue(
                zero.getMessage()
                        .contains("key 'server.header_timeout' (from test.yaml) must be longer than 0s, but was '0s'"),
                zero.getMessage());
        CollabException connections = fail(base + "server: {max_connections: 0}\n");
        assertTrue(
                connections
                        .getMessage()
                        .contains("key 'server.max_connections' (from test.yaml) must be at least 1, but was '0'"),
                connections.getMessage());
        CollabException body = fail(base + "server: {max_body_bytes: -1}\n");
        assertTrue(body.getMessage().contains("key 'server.max_body_bytes'"), body.getMessage());
        CollabException port = fail(base + "server: {port: 70000}\n");
        assertTrue(port.getMessage().contains("key 'server.port' (from test.yaml) must be between 0 and 65535"));
        CollabException env = assertThrows(
                CollabException.class,
                () -> ServeConfig.from(ConfigValues.parse(
                        base, "test.yaml", Map.of("COLLAB_SERVER_REQUEST_TIMEOUT", "forever"), Path.of("."))));
        assertTrue(
                env.getMessage()
                        .contains(
                                "key 'server.request_timeout' (from COLLAB_SERVER_REQUEST_TIMEOUT) must be a duration"),
                env.getMessage());
        CollabException depth = assertThrows(
                CollabException.class,
                () -> ServeConfig.from(ConfigValues.parse(
                        base, "test.yaml", Map.of("COLLAB_SERVER_MAX_PATH_DEPTH", "0"), Path.of("."))));
        assertTrue(
                depth.getMessage()
                        .contains("key 'server.max_path_depth' (from COLLAB_SERVER_MAX_PATH_DEPTH) must be at least 1"),
                depth.getMessage());
    }

    @Test
    void theContentCacheSizeReachesTheServiceAndMustBePositive() {
        String base = "org: a\nslug: b\nidentity: {kind: hub}\n";
        ServeConfig defaults = ServeConfig.from(
                ConfigValues.parse(base + "storage: {buckets: 'file:x'}\n", "test.yaml", Map.of(), Path.of(".")));
        assertEquals(64L << 20, defaults.collabConfig().contentCacheMaxBytes());
        ServeConfig set = ServeConfig.from(ConfigValues.parse(
                base + "storage: {buckets: 'file:x', content_cache_mib: 16}\n",
                "test.yaml",
                Map.of("COLLAB_STORAGE_CONTENT_CACHE_MIB", "256"),
                Path.of(".")));
        assertEquals(256L << 20, set.collabConfig().contentCacheMaxBytes(), "the environment wins");
        CollabException zero = fail(base + "storage: {buckets: 'file:x', content_cache_mib: 0}\n");
        assertTrue(
                zero.getMessage()
                        .contains("key 'storage.content_cache_mib' (from test.yaml) must be at least 1, but was '0'"),
                zero.getMessage());
    }

    @Test
    void theIndexSnapshotIsAbsentByDefaultAndResolvedAgainstTheConfigurationFolder() {
        String base = "org: a\nslug: b\nidentity: {kind: hub}\n";
        Path dir = Path.of("/srv/collab");
        ServeConfig defaults = ServeConfig.from(
                ConfigValues.parse(base + "storage: {buckets: 'file:x'}\n", "test.yaml", Map.of(), dir));
        assertEquals(Optional.empty(), defaults.storage().indexSnapshot());
        ServeConfig set = ServeConfig.from(ConfigValues.parse(
                base + "storage: {buckets: 'file:x', index_snapshot: data/board-index.snapshot}\n",
                "test.yaml",
                Map.of(),
                dir));
        assertEquals(
                Optional.of(dir.resolve("data/board-index.snapshot")),
                set.storage().indexSnapshot());
        ServeConfig env = ServeConfig.from(ConfigValues.parse(
                base + "storage: {buckets: 'file:x'}\n",
                "test.yaml",
                Map.of("COLLAB_STORAGE_INDEX_SNAPSHOT", "/var/lib/collab/index"),
                dir));
        assertEquals(
                Optional.of(Path.of("/var/lib/collab/index")), env.storage().indexSnapshot());
    }

    @Test
    void tokenFilesAreCheckedEntryByEntry() throws Exception {
        Path dir = Files.createTempDirectory("tokens");
        Path bad = dir.resolve("t.yaml");
        Files.writeString(bad, "tokens:\n  tok-long-enough: {user: ada, role: boss}\n");
        CollabException e =
                assertThrows(CollabException.class, () -> Deployment.tokenFile(bad, "o", java.time.Clock.systemUTC()));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(
                e.getMessage().contains("role of user 'ada' must be one of admin, write, contributor, read, outsider"),
                e.getMessage());
        Files.writeString(bad, "tokens:\n  short: {user: ada}\n");
        assertTrue(
                assertThrows(CollabException.class, () -> Deployment.tokenFile(bad, "o", java.time.Clock.systemUTC()))
                        .getMessage()
                        .contains("must be at least 8 characters"));
        Files.writeString(bad, "tokens: {}\nextra: 1\n");
        assertTrue(
                assertThrows(CollabException.class, () -> Deployment.tokenFile(bad, "o", java.time.Clock.systemUTC()))
                        .getMessage()
                        .contains("unknown key 'extra'"));
        Files.writeString(bad, "members:\n  - {token: tok-long-enough, user: ada, role: write}\n");
        assertTrue(
                assertThrows(CollabException.class, () -> Deployment.tokenFile(bad, "o", java.time.Clock.systemUTC()))
                        .getMessage()
                        .contains("expected a mapping with the key 'tokens'"));
    }

    @Test
    void everyKeyIsDocumentedInServeMdWithItsVariable() throws Exception {
        String doc = Files.readString(Path.of("../docs/serve.md"));
        for (ConfigKey k : ConfigSchema.keys().values()) {
            assertTrue(doc.contains("`" + k.name() + "`"), "docs/serve.md lacks " + k.name());
            assertTrue(doc.contains("`" + k.envName() + "`"), "docs/serve.md lacks " + k.envName());
        }
    }

    @Test
    void dashboardKeysFillTheDashboardSettings() {
        String yaml =
                """
                org: a
                slug: b
                storage: {buckets: 'file:x'}
                identity: {kind: hub}
                dashboard:
                  title: Fast decoding
                  description: One *paragraph*.
                  links:
                    - Rules=https://example.org/rules
                    - {label: Data, url: https://example.org/data}
                  baselines:
                    - {label: "baseline: greedy", score: 41.5, guard: 3.2, method: greedy, url: /docs}
                    - int8=55
                  public_url: https://collab.example.org
                  poll_interval: 5s
                  session_ttl: 1d
                  session_store: state/dashboard-sessions.json
                  token_login: false
                  oauth:
                    client_id: abc123
                    redirect_url: https://collab.example.org/auth/callback
                """;
        Map<String, String> env = Map.of("COLLAB_DASHBOARD_OAUTH_CLIENT_SECRET", "s3cret");
        DashboardSettings d = ServeConfig.from(ConfigValues.parse(yaml, "test.yaml", env, Path.of(".")))
                .dashboard()
                .settings();
        assertEquals(Optional.of("Fast decoding"), d.title());
        assertEquals("One *paragraph*.", d.description());
        assertEquals(2, d.links().size());
        assertEquals(
                List.of(
                        new BaselineRow("baseline: greedy", 41.5, Optional.of(3.2), "greedy", Optional.of("/docs")),
                        BaselineRow.of("int8", 55)),
                d.baselines());
        assertEquals(Optional.of("https://collab.example.org"), d.publicUrl());
        assertEquals(Duration.ofSeconds(5), d.pollInterval());
        assertEquals(Duration.ofDays(1), d.sessionTtl());
        assertEquals(
                Optional.of(Path.of(".").toAbsolutePath().normalize().resolve("state/dashboard-sessions.json")),
                d.sessionStore(),
                "relative to the configuration file's folder");
        assertFalse(d.tokenLogin());
        OAuthSettings oauth = d.oauth().orElseThrow();
        assertEquals(
                OAuthSettings.huggingFace("abc123", "s3cret", URI.create("https://collab.example.org/auth/callback")),
                oauth);

        // defaults: the slug as title, no sign-in but by token
        DashboardSettings plain = ServeConfig.from(ConfigValues.parse(
                        "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n",
                        "t.yaml",
                        Map.of(),
                        Path.of(".")))
                .dashboard()
                .settings();
        assertEquals(Optional.of("b"), plain.title());
        assertTrue(plain.tokenLogin());
        assertEquals(Optional.empty(), plain.oauth());
        assertEquals(Optional.empty(), plain.sessionStore(), "sessions in memory unless a file is named");
    }

    @Test
    void badDashboardKeysNameTheKey() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        CollabException score = fail(base + "dashboard: {baselines: ['greedy=fast']}\n");
        assertTrue(score.getMessage().contains("dashboard.baselines"), score.getMessage());
        CollabException field = fail(base + "dashboard: {baselines: [{label: x, score: 1, colour: red}]}\n");
        assertTrue(field.getMessage().contains("unknown field 'colour'"), field.getMessage());
        CollabException redirect = fail(base + "dashboard: {oauth: {client_id: abc}}\n");
        assertTrue(redirect.getMessage().contains("dashboard.oauth.redirect_url"), redirect.getMessage());
        CollabException poll = fail(base + "dashboard: {poll_interval: 0s}\n");
        assertTrue(poll.getMessage().contains("dashboard.poll_interval"), poll.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsRefusedWithItsNameAndLine() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        CollabException server = fail(base + "server:\n  port: 9000\nserver:\n  host: 0.0.0.0\n");
        assertEquals(ErrorCode.INVALID_REQUEST, server.code());
        assertEquals("key 'server' appears twice in test.yaml (line 7)", server.getMessage());

        CollabException org = fail(base + "org: other\n");
        assertEquals("key 'org' appears twice in test.yaml (line 5)", org.getMessage());

        CollabException port = fail(base + "server:\n  port: 9000\n  host: 0.0.0.0\n  port: 9001\n");
        assertEquals("key 'server.port' appears twice in test.yaml (line 8)", port.getMessage());

        CollabException storage = fail("org: a\nslug: b\nstorage:\n  buckets: 'file:x'\nstorage:\n  central: c/d\n");
        assertEquals("key 'storage' appears twice in test.yaml (line 5)", storage.getMessage());
    }

    @Test
    void everyOutOfRangeValueNamesItsKeyItsOriginAndWhatIsAllowed() {
        String base = "org: a\nslug: b\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\n";
        assertEquals(
                "key 'limits.mention_fanout_cap' (from test.yaml) must be at least 1, but was '-5'",
                fail(base + "limits: {mention_fanout_cap: -5}\n").getMessage());
        assertEquals(
                "key 'limits.raw_message_per_hour' (from COLLAB_LIMITS_RAW_MESSAGE_PER_HOUR) must be at least"
                        + " 1, but was '0'",
                assertThrows(
                                CollabException.class,
                                () -> ServeConfig.from(ConfigValues.parse(
                                        base,
                                        "test.yaml",
                                        Map.of("COLLAB_LIMITS_RAW_MESSAGE_PER_HOUR", "0"),
                                        Path.of("."))))
                        .getMessage());
        assertEquals(
                "key 'jobs.slots' (from test.yaml) must be at least 1, but was '0'",
                fail(base + "jobs: {slots: 0}\n").getMessage());
        assertEquals(
                "key 'server.max_body_bytes' (from test.yaml) must be at least 1, but was '0'",
                fail(base + "server: {max_body_bytes: 0}\n").getMessage());
        String name = "a name of letters, digits, '.', '_' and '-', starting with a letter or digit";
        assertEquals(
                "key 'org' (from test.yaml) must be " + name + ", but was 'My Lab/x'",
                fail("org: My Lab/x\nslug: b\nstorage: {buckets: 'file:x'}\n").getMessage());
        assertEquals(
                "key 'slug' (from test.yaml) must be " + name + ", but was 'Cfg_Test!'",
                fail("org: a\nslug: Cfg_Test!\nstorage: {buckets: 'file:x'}\n").getMessage());
        assertEquals(
                "key 'server.public_url' (from test.yaml) must be an absolute URL such as"
                        + " https://collab.example.org, but was 'not a url'",
                fail(base + "server: {public_url: not a url}\n").getMessage());
        assertTrue(
                fail(base + "limits: {mention_fanout_cap: -5}\n").hint().isPresent(),
                "the hint says what the key is for");
    }

    private static CollabException fail(String yaml) {
        return assertThrows(
                CollabException.class,
                () -> ServeConfig.from(ConfigValues.parse(yaml, "test.yaml", Map.of(), Path.of("."))));
    }
}
