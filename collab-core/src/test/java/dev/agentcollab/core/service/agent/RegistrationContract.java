package dev.agentcollab.core.service.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.agent.Registration;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.core.service.ServiceHarness;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration (§4) behaviour, run on every backend. */
abstract class RegistrationContract extends BackendFixture {

    private static RegisterRequest req(String id) {
        return RegisterRequest.of(id, "gemma", "codex", List.of("bash", "python"));
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }

    @Test
    void registersAndWritesTheReferenceLayout() {
        h.prepareBucket("agent-1", "alice");
        Registration r = h.as("tok-alice").agents().register(req("agent-1"));
        assertEquals("agent-1.md", r.filename());
        assertEquals("org/collab-agent-1", r.agentBucket());
        assertEquals("alice", r.hfUser());
        String text = h.central("agents/agent-1.md");
        assertEquals(
                "---\nagent_name: agent-1\nagent_model: gemma\nagent_harness: codex\nagent_tools:\n- bash\n- python\n"
                        + "hf_user: alice\nagent_bucket: org/collab-agent-1\njoined: 2026-06-01 10:00 UTC\n---\n",
                text);
        AgentInfo info = h.anonymous().agents().get("agent-1");
        assertEquals("alice", info.hfUser());
        assertEquals(List.of("bash", "python"), info.tools());
        Page<AgentInfo> page = h.anonymous().agents().list(ListQuery.defaults());
        assertEquals(1, page.count());
        assertEquals("agent-1", page.items().get(0).agentId());
    }

    @Test
    void rejectsBadAndReservedIdsBeforeAuth() {
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().agents().register(req("Agent-1"))));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().agents().register(req("-x"))));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().agents().register(req("human"))));
        CollabException e =
                assertThrows(CollabException.class, () -> h.anonymous().agents().register(req("human-alice")));
        assertTrue(e.getMessage().contains("reserved"));
        CollabException upper =
                assertThrows(CollabException.class, () -> h.anonymous().agents().register(req("Agent-1")));
        assertEquals("agent_id must be lowercase: 'Agent-1'", upper.getMessage());
        assertEquals("use 'agent-1' instead", upper.hint().orElseThrow());
    }

    @Test
    void refusesIdsWhoseBucketIsTheServicesOwnAndTheVerifiersId() {
        for (String id : List.of("main-bucket", "audit")) {
            assertTrue(h.store.exists(h.bucketOf(id)), "the service's bucket " + h.bucketOf(id));
            h.put(id, ".bucket-sync-handshake", "alice\n");
            CollabException e = assertThrows(
                    CollabException.class, () -> h.as("tok-alice").agents().register(req(id)));
            assertEquals(ErrorCode.INVALID_PATH, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("one of the service's own"), e.getMessage());
        }
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> h.anonymous().agents().get("audit")));

        h.service.close();
        h = new ServiceHarness(
                h.store,
                clock,
                h.config,
                b -> b.results(ResultsConfig.custom().verifierAgent("verifier").build()));
        h.prepareBucket("verifier", "alice");
        CollabException verifier = assertThrows(
                CollabException.class, () -> h.as("tok-alice").agents().register(req("verifier")));
        assertTrue(verifier.getMessage().contains("reserved for the verifier"), verifier.getMessage());
        h.prepareBucket("verifier-2", "alice");
        h.as("tok-alice").agents().register(req("verifier-2"));
    }

    @Test
    void checksBucketTokenAndHandshakeInOrder() {
        assertEquals(
                ErrorCode.BUCKET_MISSING, code(() -> h.as("tok-alice").agents().register(req("agent-1"))));
        h.store.create(h.bucketOf("agent-1"), true);
        assertEquals(ErrorCode.UNAUTHORIZED, code(() -> h.anonymous().agents().register(req("agent-1"))));
        assertEquals(
                ErrorCode.UNAUTHORIZED, code(() -> h.as("tok-nope").agents().register(req("agent-1"))));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(
                ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                code(() -> h.as("tok-alice").agents().register(req("agent-1"))));
        h.put("agent-1", ".bucket-sync-handshake", "bob\n");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(
                ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                code(() -> h.as("tok-alice").agents().register(req("agent-1"))));
    }

    @Test
    void bindsTheIdToItsFirstOwner() {
        h.prepareBucket("agent-1", "alice");
        h.as("tok-alice").agents().register(req("agent-1"));
        assertEquals(
                ErrorCode.AGENT_ID_TAKEN, code(() -> h.as("tok-alice").agents().register(req("agent-1"))));
        // bob rewrites the handshake (he cannot in reality, but even then the binding holds)
        h.put("agent-1", ".bucket-sync-handshake", "bob");
        assertEquals(
                ErrorCode.IDENTITY_MISMATCH,
                code(() -> h.as("tok-bob").agents().register(req("agent-1").forced())));
        assertEquals("alice", h.anonymous().agents().get("agent-1").hfUser());
    }

    @Test
    void forceReRegistersAndResetsJoined() {
        h.prepareBucket("agent-1", "alice");
        h.as("tok-alice").agents().register(req("agent-1"));
        clock.advance(Duration.ofHours(2));
        h.as("tok-alice")
                .agents()
                .register(RegisterRequest.of("agent-1", "llama", "claude-code", List.of())
                        .forced());
        AgentInfo info = h.anonymous().agents().get("agent-1");
        assertEquals("llama", info.model());
        assertEquals("2026-06-01 12:00 UTC", info.joined());
    }

    @Test
    void bioComesFromTheAgentsOwnBucketOnly() {
        h.prepareBucket("agent-1", "alice");
        h.prepareBucket("agent-2", "bob");
        h.put("agent-1", "bio.md", "---\nx: 1\n---\n\nI tune kernels.\n");
        h.put("agent-2", "bio.md", "someone else's bio\n");
        assertEquals(
                ErrorCode.BUCKET_NOT_OWNED_BY_CALLER,
                code(() -> h.as("tok-alice").agents().register(req("agent-1").withBio(h.uri("agent-2", "bio.md")))));
        h.as("tok-alice").agents().register(req("agent-1").withBio(h.uri("agent-1", "bio.md")));
        assertEquals(
                "I tune kernels.", h.anonymous().agents().get("agent-1").bio().orElseThrow());
    }

    @Test
    void unknownAgentIsNotRegistered() {
        assertEquals(ErrorCode.NOT_REGISTERED, code(() -> h.anonymous().agents().get("ghost")));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().agents().get("../x")));
    }

    @Test
    void registrationIsRateLimitedPerId() {
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    ErrorCode.BUCKET_MISSING,
                    code(() -> h.as("tok-alice").agents().register(req("agent-9"))));
        }
        CollabException e = assertThrows(
                CollabException.class, () -> h.as("tok-alice").agents().register(req("agent-9")));
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        assertEquals(Duration.ofSeconds(21), e.retryAfter().orElseThrow());
        // another id has its own bucket
        assertEquals(
                ErrorCode.BUCKET_MISSING, code(() -> h.as("tok-alice").agents().register(req("agent-8"))));
    }

    @Test
    void listFiltersByOwnerAndText() {
        h.prepareBucket("agent-1", "alice");
        h.prepareBucket("agent-2", "bob");
        h.as("tok-alice").agents().register(req("agent-1"));
        h.as("tok-bob").agents().register(RegisterRequest.of("agent-2", "llama", "codex", List.of()));
        Page<AgentInfo> bobs = h.anonymous()
                .agents()
                .list(ListQuery.builder().match("hf_user", "bob").build());
        assertEquals(
                List.of("agent-2"),
                bobs.items().stream().map(AgentInfo::agentId).toList());
        assertEquals(2, bobs.count());
        assertEquals(1, bobs.matched());
        assertEquals(
                1,
                h.anonymous()
                        .agents()
                        .list(ListQuery.builder().match("model", "llama").build())
                        .matched());
        assertEquals(
                1,
                h.anonymous()
                        .agents()
                        .list(ListQuery.builder().match("agent_model", "llama").build())
                        .matched());
        assertEquals(
                2,
                h.anonymous()
                        .agents()
                        .list(ListQuery.builder().match("harness", "codex").build())
                        .matched());
        Page<AgentInfo> llama =
                h.anonymous().agents().list(ListQuery.builder().q("LLAMA").build());
        assertEquals(1, llama.matched());
    }
}
