package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab agent register} and the handshake file of a scratch bucket that belongs to someone else. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegisterCommandTest {
    private static final BucketPath HANDSHAKE = BucketPath.of(".bucket-sync-handshake");

    @TempDir
    Path tmp;

    @Test
    void anotherUsersForcedRegisterLeavesTheOwnersHandshakeAlone() {
        try (AgentCommandTest.Deployment d = AgentCommandTest.Deployment.start(tmp, WriteAuth.OPEN)) {
            BucketId bucket = BucketId.parse(AgentCommandTest.ORG + "/" + AgentCommandTest.SLUG + "-ada-agent");
            AgentCommandTest.Run first = register(d, "hf_test_ada_000001");
            assertEquals(0, first.code(), first.err());
            assertEquals(Optional.of("ada\n"), d.store().readString(bucket, HANDSHAKE));

            AgentCommandTest.Run grace = register(d, "hf_test_grace_0002", "--force");
            assertEquals(1, grace.code(), grace.out() + grace.err());
            assertTrue(
                    grace.err()
                            .contains("BUCKET_NOT_OWNED_BY_CALLER: scratch bucket " + bucket
                                    + " belongs to hf user 'ada'"),
                    grace.err());
            assertEquals(Optional.of("ada\n"), d.store().readString(bucket, HANDSHAKE));

            AgentCommandTest.Run again = register(d, "hf_test_ada_000001", "--force");
            assertEquals(0, again.code(), again.err());
            assertTrue(again.out().contains("registered ada-agent"), again.out());
        }
    }

    @Test
    void aTakenIdIsAnsweredWithTheFlagToUse() {
        try (AgentCommandTest.Deployment d = AgentCommandTest.Deployment.start(tmp, WriteAuth.OPEN)) {
            assertEquals(0, register(d, "hf_test_ada_000001").code());
            AgentCommandTest.Run again = register(d, "hf_test_ada_000001");
            assertEquals(1, again.code(), again.err());
            assertTrue(again.err().contains("AGENT_ID_TAKEN"), again.err());
            assertTrue(
                    again.err().contains("hint: re-register with collab agent register --force to update it"),
                    again.err());
            assertFalse(again.err().contains("force: true"), again.err());
        }
    }

    @Test
    void theCallersOwnHandshakeIsKept() {
        try (AgentCommandTest.Deployment d = AgentCommandTest.Deployment.start(tmp, WriteAuth.OPEN)) {
            BucketId bucket = BucketId.parse(AgentCommandTest.ORG + "/" + AgentCommandTest.SLUG + "-ada-agent");
            d.store().create(bucket, true);
            d.store().put(bucket, HANDSHAKE, "ada\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            AgentCommandTest.Run first = register(d, "hf_test_ada_000001");
            assertEquals(0, first.code(), first.err());
            assertTrue(first.out().contains("(handshake written)"), first.out());
            assertEquals(Optional.of("ada\n"), d.store().readString(bucket, HANDSHAKE));
        }
    }

    @Test
    void anIdTheServerRefusesTouchesNoBucket() {
        try (AgentCommandTest.Deployment d = AgentCommandTest.Deployment.start(tmp, WriteAuth.OPEN)) {
            String prefix = AgentCommandTest.ORG + "/" + AgentCommandTest.SLUG + "-";
            AgentCommandTest.Run upper = register(d, "hf_test_ada_000001", "--agent", "Ada-Agent");
            assertEquals(1, upper.code(), upper.out() + upper.err());
            assertTrue(upper.err().contains("INVALID_PATH: agent_id must be lowercase: 'Ada-Agent'"), upper.err());
            assertFalse(d.store().exists(BucketId.parse(prefix + "Ada-Agent")), "no bucket for a refused id");

            AgentCommandTest.Run human = register(d, "hf_test_ada_000001", "--agent", "human-ada");
            assertEquals(1, human.code(), human.out() + human.err());
            assertTrue(human.err().contains("INVALID_PATH"), human.err());
            assertFalse(d.store().exists(BucketId.parse(prefix + "human-ada")), "no bucket for a refused id");

            BucketId central = BucketId.parse(prefix + "main-bucket");
            AgentCommandTest.Run service = register(d, "hf_test_ada_000001", "--agent", "main-bucket");
            assertEquals(1, service.code(), service.out() + service.err());
            assertTrue(service.err().contains("INVALID_PATH"), service.err());
            assertEquals(Optional.empty(), d.store().readString(central, HANDSHAKE), "no handshake in central");
        }
    }

    private AgentCommandTest.Run register(AgentCommandTest.Deployment d, String token, String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("COLLAB_URL", d.url());
        env.put("COLLAB_TOKEN", token);
        env.put("COLLAB_AGENT", "ada-agent");
        env.put("COLLAB_BUCKETS", d.buckets().toUri().toString());
        env.put("HOME", tmp.resolve("home").toString());
        String[] args = new String[5 + extra.length];
        String[] base = {"register", "--model", "claude", "--harness", "codex"};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return AgentCommandTest.run(env, args);
    }
}
