package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.app.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab serve --check} refuses what {@code collab serve} would refuse, and creates nothing. */
class ServeCheckTest {
    @TempDir
    Path dir;

    private Path config(String host, String tokensFile) throws Exception {
        Path file = dir.resolve("collab.yaml");
        Files.writeString(
                file,
                "org: acme\nslug: speed\nstorage: {buckets: 'file:data'}\nidentity: {kind: static, tokens_file: "
                        + tokensFile + "}\nserver: {host: " + host + ", port: 0}\n");
        return file;
    }

    private void tokens(String text) throws Exception {
        Files.writeString(dir.resolve("tokens.yaml"), text);
    }

    @Test
    void aGoodConfigurationIsValid() throws Exception {
        tokens("tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        CliRun run = CliRun.of(
                "serve", "--config", config("127.0.0.1", "tokens.yaml").toString(), "--check");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("the configuration is valid (acme/speed)"), run.out());
        assertFalse(Files.exists(dir.resolve("data")), "a check creates no bucket");
    }

    @Test
    void aMissingTokenFileIsRefused() throws Exception {
        CliRun run = CliRun.of(
                "serve", "--config", config("127.0.0.1", "missing.yaml").toString(), "--check");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains("identity.tokens_file"), run.err());
        assertTrue(run.err().contains("missing.yaml"), run.err());
        assertFalse(run.out().contains("valid"), run.out());
    }

    @Test
    void aBadTokenFileEntryIsRefused() throws Exception {
        tokens("tokens:\n  short: {user: a}\n");
        CliRun run = CliRun.of(
                "serve", "--config", config("127.0.0.1", "tokens.yaml").toString(), "--check");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains("identity.tokens_file: "), run.err());
        assertTrue(run.err().contains("at least 8 characters"), run.err());
    }

    @Test
    void anUnresolvableHostIsRefused() throws Exception {
        tokens("tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        CliRun run = CliRun.of(
                "serve",
                "--config",
                config("no-such-host.invalid", "tokens.yaml").toString(),
                "--check");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().contains("server.host 'no-such-host.invalid' cannot be resolved"), run.err());
        assertFalse(Files.exists(dir.resolve("data")));
    }

    @Test
    void aHubConfigurationWithoutATokenIsRefused() {
        ServeConfig hub = ServeConfig.from(ConfigValues.parse(
                "org: acme\nslug: speed\nstorage: {buckets: 'hf://buckets'}\nidentity: {kind: hub}\n",
                "collab.yaml",
                Map.of(),
                dir));
        CollabException e =
                assertThrows(CollabException.class, () -> Deployment.check(hub, Map.of(), Clock.systemUTC()));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains("has no token: set HF_TOKEN or hub.token_file"), e.getMessage());
        Deployment.check(hub, Map.of("HF_TOKEN", "hf_abcdefgh"), Clock.systemUTC());
    }

    @Test
    void aHostServeCannotUseFailsTheStartBeforeAnyBucketIsCreated() throws Exception {
        tokens("tokens:\n  tok-organizer: {user: organizer, role: admin}\n");
        for (String host : new String[] {"no-such-host.invalid", "192.0.2.1"}) { // 192.0.2.1: TEST-NET, not ours
            ServeConfig config = ServeConfig.load(config(host, "tokens.yaml"), Map.of());
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> Deployment.start(config, Map.of(), Clock.systemUTC(), new SecureRandom()),
                    host);
            assertTrue(e.getMessage().contains("server.host '" + host + "'"), e.getMessage());
            assertTrue(e.hint().orElseThrow().startsWith("server.host must name an address of this machine"));
            assertFalse(e.hint().orElseThrow().contains("another port"));
            assertFalse(Files.exists(dir.resolve("data")), host + ": no bucket, no lock");
        }
    }
}
