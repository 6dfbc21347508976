package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.http.ServiceDescription;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code collab agent} against a real server on loopback (port 0) over file buckets in a temporary folder, with a
 * static token file for an organizer and three agents' owners: the commands an agent runs, their text and JSON
 * output, and the exit codes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AgentCommandTest {
    static final String ORG = "local-collab";
    static final String SLUG = "fast-gemma";
    static final String TOKENS =
            """
            tokens:
              hf_test_organizer_0: {user: organizer, role: admin}
              hf_test_ada_000001: {user: ada}
              hf_test_grace_0002: {user: grace}
              hf_test_alan_00003: {user: alan}
            """;

    private Path tmp;

    private Deployment open;

    /** A collaboration served on loopback over file buckets. */
    record Deployment(BucketStore store, CollabService service, RunningServer server, Path buckets)
            implements AutoCloseable {
        static Deployment start(Path dir, WriteAuth auth) {
            Path buckets = dir.resolve("buckets");
            BucketStore store = BucketStores.open(buckets.toUri());
            CollabService service = CollabService.builder()
                    .store(store)
                    .config(CollabConfig.custom(ORG, SLUG).writeAuth(auth).build())
                    .identity(TokenFile.provider(TokenFile.parse(TOKENS, "tokens.yaml", Optional.of(ORG))))
                    .build();
            RunningServer server = CollabServer.create(
                            c -> c.port(0).sessions(service::session).description(ServiceDescription.from(service)))
                    .start();
            return new Deployment(store, service, server, buckets);
        }

        String url() {
            return server.baseUri().toString();
        }

        @Override
        public void close() {
            server.close();
            service.close();
            store.close();
        }
    }

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(out);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    @BeforeAll
    void startAndRegisterThreeAgents(@TempDir Path dir) {
        tmp = dir;
        open = Deployment.start(tmp.resolve("open"), WriteAuth.OPEN);
        register(open, "agent-a", "hf_test_ada_000001");
        register(open, "agent-b", "hf_test_grace_0002");
        register(open, "agent-c", "hf_test_alan_00003");
    }

    @AfterAll
    void stop() {
        open.close();
    }

    private void register(Deployment d, String agent, String token) {
        Run r = run(
                env(d, token),
                "register",
                "--agent",
                agent,
                "--model",
                "claude",
                "--harness",
                "codex",
                "--tool",
                "bash",
                "--buckets",
                d.buckets().toUri().toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("registered " + agent), r.out());
        assertTrue(r.out().contains(ORG + "/" + SLUG + "-" + agent + " (handshake written)"), r.out());
    }

    private Map<String, String> env(Deployment d, String token) {
        Map<String, String> env = new HashMap<>();
        env.put("COLLAB_URL", d.url());
        env.put("COLLAB_TOKEN", token);
        env.put("HOME", tmp.resolve("home").toString());
        return env;
    }

    private Map<String, String> as(String agent, String token) {
        Map<String, String> env = env(open, token);
        env.put("COLLAB_AGENT", agent);
        env.put("COLLAB_BUCKETS", open.buckets().toUri().toString());
        return env;
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AgentCommand.commandLine(env, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aGroupWithoutASubcommandIsAUsageErrorNamingItsSubcommands() {
        Map<String, String> none = Map.of();
        Map<String, String> expected = Map.of(
                "result", "missing subcommand: submit",
                "trace", "missing subcommand: share",
                "job", "missing subcommand: launch or status",
                "taskforce", "missing subcommand: create, post or read");
        expected.forEach((group, message) -> {
            Run r = run(none, group);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains(message), r.err());
        });
    }

    @Test
    void agentWithoutASubcommandIsAUsageErrorNamingItsSubcommands() {
        Run r = run(Map.of());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(
                r.err().contains("agent: missing subcommand: register, post, inbox,")
                        && r.err().contains(" job or status (see agent --help)"),
                r.err());
    }

    @Test
    void registrationWroteTheHandshakeAndTheRegistration() {
        assertEquals(
                Optional.of("grace\n"),
                open.store()
                        .readString(
                                BucketId.parse(ORG + "/" + SLUG + "-agent-b"),
                                BucketPath.of(".bucket-sync-handshake")));
        Run agents = run(as("agent-a", "hf_test_ada_000001"), "--json", "digest");
        assertEquals(0, agents.code(), agents.err());
        assertTrue(agents.json().path("agents").path("count").asInt() >= 3, agents.out());
    }

    @Test
    void postFromStdinRefusesTextThatIsNotUtf8InsteadOfPostingReplacementCharacters() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(
                    "caf\u00e9 from a latin-1 pipe\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            Run r = run(as("agent-c", "hf_test_alan_00003"), "post", "-");
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(r.err().contains("stdin is not UTF-8 text"), r.err());
            System.setIn(new java.io.ByteArrayInputStream(
                    "caf\u00e9 from a UTF-8 pipe\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Run ok = run(as("agent-c", "hf_test_alan_00003"), "post", "-");
            assertEquals(0, ok.code(), ok.err());
        } finally {
            System.setIn(stdin);
        }
        Run board = run(as("agent-c", "hf_test_alan_00003"), "board", "--from", "agent-c", "--q", "pipe");
        assertTrue(board.out().contains("caf\u00e9 from a UTF-8 pipe"), board.out());
        assertFalse(board.out().contains("latin-1 pipe"), board.out());
    }

    @Test
    void postWithAMentionReachesTheInbox() {
        Run posted = run(
                as("agent-a", "hf_test_ada_000001"),
                "post",
                "plan: speculative decoding with k=4",
                "--mention",
                "agent-b",
                "--channel",
                "drafting");
        assertEquals(0, posted.code(), posted.err());
        assertTrue(posted.out().contains("delivered to: agent-b"), posted.out());
        assertTrue(posted.out().contains("in #drafting"), posted.out());
        assertFalse(posted.out().contains("not delivered"), posted.out());

        Run typo = run(as("agent-a", "hf_test_ada_000001"), "post", "@agent-bb can you review?");
        assertEquals(0, typo.code(), typo.err());
        assertTrue(typo.out().contains("no inbox copies (an @agent-id in the text delivers one)"), typo.out());
        assertTrue(typo.out().contains("not delivered: @agent-bb (not a registered agent)"), typo.out());

        Run inbox = run(as("agent-b", "hf_test_grace_0002"), "inbox");
        assertEquals(0, inbox.code(), inbox.err());
        assertTrue(inbox.out().contains("from agent-a"), inbox.out());
        assertTrue(inbox.out().contains("plan: speculative decoding with k=4 @agent-b"), inbox.out());

        Run json = run(as("agent-b", "hf_test_grace_0002"), "inbox", "--json", "--from", "agent-a");
        assertEquals(0, json.code(), json.err());
        JsonNode page = json.json();
        assertTrue(page.path("matched").asInt() >= 1, json.out());
        JsonNode first = page.path("items").get(0);
        assertEquals("agent-a", first.path("frontmatter").path("agent").asText(), json.out());
        String filename = first.path("filename").asText();

        Run reply = run(as("agent-b", "hf_test_grace_0002"), "post", "--reply-to", filename, "agreed, k=4 first");
        assertEquals(0, reply.code(), reply.err());
        Run thread = run(as("agent-c", "hf_test_alan_00003"), "board", "--thread", filename);
        assertEquals(0, thread.code(), thread.err());
        assertTrue(thread.out().contains("1 reply; participants: agent-a, agent-b"), thread.out());
    }

    @Test
    void pollingWithAfterDeliversABurstLargerThanAPageOnceAndInOrder() throws Exception {
        Run before = run(as("agent-c", "hf_test_alan_00003"), "inbox", "--json", "--limit", "1");
        JsonNode newest = before.json().path("items").path(0).path("filename");
        String cursor = newest.isMissingNode() ? "00000000-000000-000_none.md" : newest.asText();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path note = tmp.resolve("burst-" + i + ".md");
            Files.writeString(note, "burst " + i + " for @agent-c\n");
            Run r = run(as("agent-a", "hf_test_ada_000001"), "post", "--file", note.toString());
            assertEquals(0, r.code(), r.err());
            String path = r.out().lines().findFirst().orElseThrow().split(" ")[1];
            posted.add(path.substring("message_board/".length()));
        }

        List<String> polled = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            Run r = run(as("agent-c", "hf_test_alan_00003"), "inbox", "--after", cursor, "--limit", "3");
            assertEquals(0, r.code(), r.err());
            r.out()
                    .lines()
                    .filter(l -> !l.startsWith(" ") && l.contains(" from "))
                    .forEach(l -> polled.add(l.split(" ")[0]));
            String last = r.out().lines().reduce((x, y) -> y).orElseThrow();
            if (!last.contains("; next page: --after ")) {
                break;
            }
            cursor = last.substring(last.indexOf("--after ") + "--after ".length())
                    .strip();
        }
        assertEquals(posted, polled);
    }

    @Test
    void inboxNewRemembersItsCursorAndDeliversEachMessageOnceInOrder() throws Exception {
        Map<String, String> c = as("agent-c", "hf_test_alan_00003");
        c.put("COLLAB_STATE_DIR", tmp.resolve("state-c").toString());
        Run drain = run(c, "inbox", "--new", "--limit", "0"); // the first --new lists from the oldest
        assertEquals(0, drain.code(), drain.err());
        assertEquals(
                "nothing new (inbox of agent-c)\n", run(c, "inbox", "--new").out());
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Path note = tmp.resolve("new-" + i + ".md");
            Files.writeString(note, "new " + i + " for @agent-c\n");
            Run r = run(as("agent-a", "hf_test_ada_000001"), "post", "--file", note.toString());
            assertEquals(0, r.code(), r.err());
            posted.add(r.out().lines().findFirst().orElseThrow().split(" ")[1].substring("message_board/".length()));
        }
        List<String> polled = new ArrayList<>();
        for (int page = 0; page < 10; page++) {
            Run r = run(c, "inbox", "--new", "--limit", "2");
            assertEquals(0, r.code(), r.err());
            if (r.out().startsWith("nothing new")) {
                break;
            }
            r.out()
                    .lines()
                    .filter(l -> !l.startsWith(" ") && l.contains(" from "))
                    .forEach(l -> polled.add(l.split(" ")[0]));
        }
        assertEquals(posted, polled);
        assertTrue(Files.readString(tmp.resolve("state-c/inbox-cursors.properties"))
                .contains(posted.getLast()));
        Run mixed = run(c, "inbox", "--new", "--after", posted.getFirst());
        assertEquals(2, mixed.code(), mixed.out());
        assertTrue(mixed.err().contains("--new keeps its own cursor"), mixed.err());
    }

    @Test
    void blankTextIsAUsageErrorAndPostsNothing() {
        Run before = run(as("agent-a", "hf_test_ada_000001"), "board", "--json", "--limit", "1");
        assertEquals(0, before.code(), before.err());
        for (String[] args : new String[][] {
            {"post", ""},
            {"post", "  \n "},
            {"taskforce", "create", "empty-tf", "--body", " "},
            {"taskforce", "post", "empty-tf", "--body", ""}
        }) {
            Run r = run(as("agent-a", "hf_test_ada_000001"), args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertTrue(r.err().contains("is empty"), r.err());
        }
        Run after = run(as("agent-a", "hf_test_ada_000001"), "board", "--json", "--limit", "1");
        assertEquals(before.json().path("matched"), after.json().path("matched"), after.out());
    }

    @Test
    void organizersBroadcastAndAgentsCannot() {
        Run refused = run(as("agent-a", "hf_test_ada_000001"), "post", "--broadcast", "everyone: stop");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("NOT_ORGANIZER: only organizers can broadcast"), refused.err());

        Run posted = run(
                as("human-organizer", "hf_test_organizer_0"), "post", "--broadcast", "goal: 2x decode speed, ppl held");
        assertEquals(0, posted.code(), posted.err());
        assertTrue(posted.out().contains("broadcast to every inbox"), posted.out());
        for (String[] agent : new String[][] {{"agent-b", "hf_test_grace_0002"}, {"agent-c", "hf_test_alan_00003"}}) {
            Run inbox = run(as(agent[0], agent[1]), "inbox");
            assertEquals(0, inbox.code(), inbox.err());
            assertTrue(
                    inbox.out().lines().anyMatch(l -> l.contains("from human-organizer") && l.endsWith("[broadcast]")),
                    inbox.out());
            assertTrue(inbox.out().contains("goal: 2x decode speed, ppl held"), inbox.out());
        }
    }

    @Test
    void postFromABucketFile() throws Exception {
        Path plan = tmp.resolve("plan.md");
        Files.writeString(plan, "---\ntype: plan\n---\nquantize the drafter, @agent-a please review\n");
        Run posted = run(as("agent-c", "hf_test_alan_00003"), "post", "--file", plan.toString());
        assertEquals(0, posted.code(), posted.err());
        assertTrue(posted.out().contains("(via bucket)"), posted.out());
        assertTrue(posted.out().contains("delivered to: agent-a"), posted.out());
        assertTrue(open.store()
                .read(BucketId.parse(ORG + "/" + SLUG + "-agent-c"), BucketPath.of("posts/plan.md"))
                .isPresent());
    }

    @Test
    void taskforceCreatePostAndRead() {
        Run created = run(
                as("agent-a", "hf_test_ada_000001"),
                "taskforce",
                "create",
                "kv-cache",
                "--body",
                "# KV cache\nShrink the cache.");
        assertEquals(0, created.code(), created.err());
        assertTrue(created.out().contains("created taskforce kv-cache"), created.out());
        Run note = run(
                as("agent-b", "hf_test_grace_0002"), "taskforce", "post", "kv-cache", "--body", "int8 keys: -3% ppl");
        assertEquals(0, note.code(), note.err());
        assertTrue(note.out().contains("posted note taskforces/kv-cache/"), note.out());
        Run read = run(as("agent-c", "hf_test_alan_00003"), "taskforce", "read", "kv-cache");
        assertEquals(0, read.code(), read.err());
        assertTrue(read.out().contains("taskforce kv-cache by agent-a"), read.out());
        assertTrue(read.out().contains("Shrink the cache."), read.out());
        assertTrue(read.out().contains("int8 keys: -3% ppl"), read.out());
        Run json = run(as("agent-c", "hf_test_alan_00003"), "--json", "taskforce", "read", "kv-cache");
        assertEquals("agent-a", json.json().path("taskforce").path("creator").asText(), json.out());

        Run more = run(
                as("agent-b", "hf_test_grace_0002"), "taskforce", "post", "kv-cache", "--body", "int4 values: +9% ppl");
        assertEquals(0, more.code(), more.err());
        Run cut = run(as("agent-c", "hf_test_alan_00003"), "taskforce", "read", "kv-cache", "--notes", "1");
        assertEquals(0, cut.code(), cut.err());
        assertTrue(cut.out().contains("1 of 2 matched (notes of kv-cache); more: --notes 0"), cut.out());
        assertFalse(cut.out().contains("--before"), "taskforce read has no --before: " + cut.out());
    }

    @Test
    void theNextPageBetweenTwoBoundsKeepsBothBounds() throws Exception {
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Run r = run(as("agent-a", "hf_test_ada_000001"), "post", "--channel", "bounds", "bounded " + i);
            assertEquals(0, r.code(), r.err());
            posted.add(r.out().lines().findFirst().orElseThrow().split(" ")[1].substring("message_board/".length()));
        }
        String between = boundsPage("--after", posted.get(0), "--before", posted.get(3));
        assertTrue(
                between.endsWith("; next page: --before " + posted.get(2) + " --after " + posted.get(0)),
                "the hint keeps --after: " + between);
        String asc = boundsPage("--after", posted.get(0), "--before", posted.get(3), "--asc");
        assertTrue(
                asc.endsWith("; next page: --after " + posted.get(1) + " --before " + posted.get(3)),
                "the hint keeps --before: " + asc);
        String since = boundsPage("--since", "20260101");
        assertTrue(
                since.endsWith("; next page: --before " + posted.get(3) + " --since 20260101"),
                "the hint keeps --since: " + since);
    }

    /** The last line (the next-page hint) of a one-message page of channel #bounds with the given bounds. */
    private String boundsPage(String... bounds) {
        List<String> args = new ArrayList<>(List.of("board", "--channel", "bounds", "--limit", "1"));
        args.addAll(List.of(bounds));
        Run page = run(as("agent-b", "hf_test_grace_0002"), args.toArray(String[]::new));
        assertEquals(0, page.code(), page.err());
        return page.out().lines().reduce((x, y) -> y).orElseThrow();
    }

    @Test
    void submitAResultAndReadTheLeaderboard() throws Exception {
        Path result = tmp.resolve("k4.md");
        Files.writeString(
                result, "---\nscore: 41.5\nmethod: mtp-k4\nstatus: agent-run\ndescription: MTP k=4\n---\nnotes\n");
        Run submitted = run(as("agent-b", "hf_test_grace_0002"), "result", "submit", "--file", result.toString());
        assertEquals(0, submitted.code(), submitted.err());
        assertTrue(submitted.out().contains("promoted results/"), submitted.out());

        Run board = run(as("agent-a", "hf_test_ada_000001"), "leaderboard");
        assertEquals(0, board.code(), board.err());
        assertTrue(board.out().lines().anyMatch(l -> l.contains("agent-b") && l.contains("41.50")), board.out());
        assertTrue(
                board.out().lines().anyMatch(l -> l.startsWith("1 row (") && l.endsWith(" 1 result considered)")),
                board.out());

        Run json = run(as("agent-a", "hf_test_ada_000001"), "leaderboard", "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode rows = json.json().path("rows");
        assertEquals("agent-b", rows.get(0).path("agent").asText(), json.out());
        assertEquals(41.5, rows.get(0).path("score").asDouble(), 1e-9);

        Run digest = run(as("agent-a", "hf_test_ada_000001"), "digest");
        assertEquals(0, digest.code(), digest.err());
        assertTrue(digest.out().lines().anyMatch(l -> l.startsWith("  1. agent-b  41.5")), digest.out());
        assertTrue(digest.out().lines().anyMatch(l -> l.equals("leaderboard: 1 row")), digest.out());
    }

    @Test
    void anOrganizerReadsTheServersStatusAndOthersAreRefused() {
        Run status = run(as("human-organizer", "hf_test_organizer_0"), "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("healthy: nothing needs attention\nrunning since "), status.out());
        Run json = run(as("human-organizer", "hf_test_organizer_0"), "--json", "status");
        assertTrue(json.json().path("healthy").asBoolean(), json.out());
        Run refused = run(as("agent-a", "hf_test_ada_000001"), "status");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("NOT_ORGANIZER"), refused.err());
    }

    @Test
    void anOrganizerVerifiesAResultAndItsAuthorIsTold() throws Exception {
        Path result = tmp.resolve("v.md");
        Files.writeString(
                result, "---\nscore: 12.5\nmethod: mtp-k2\nstatus: agent-run\ndescription: MTP k=2\n---\nnotes\n");
        Run submitted =
                run(as("agent-c", "hf_test_alan_00003"), "--json", "result", "submit", "--file", result.toString());
        assertEquals(0, submitted.code(), submitted.err());
        String filename = submitted.json().path("filename").asText();

        Run refused = run(
                as("agent-a", "hf_test_ada_000001"), "result", "verify", filename, "invalid", "--reason", "looks off");
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains("NOT_ORGANIZER"), refused.err());
        Run unknown = run(
                as("human-organizer", "hf_test_organizer_0"), "result", "verify", filename, "great", "--reason", "x");
        assertEquals(1, unknown.code(), unknown.out());
        assertTrue(
                unknown.err().contains("INVALID_REQUEST: `verdict` must be one of ['valid', 'invalid', 'pending']"),
                unknown.err());
        Run noReason = run(as("human-organizer", "hf_test_organizer_0"), "result", "verify", filename, "valid");
        assertEquals(2, noReason.code(), noReason.out());

        Run verified = run(
                as("human-organizer", "hf_test_organizer_0"),
                "result",
                "verify",
                "results/" + filename,
                "valid",
                "--reason",
                "re-ran it on my machine: 12.4");
        assertEquals(0, verified.code(), verified.err());
        assertTrue(
                verified.out().startsWith(filename + ": pending -> valid (announced in message_board/"),
                verified.out());
        Run board = run(as("agent-a", "hf_test_ada_000001"), "leaderboard", "--json");
        JsonNode row = null;
        for (JsonNode r : board.json().path("rows")) {
            if (r.path("filename").asText().equals(filename)) {
                row = r;
            }
        }
        assertTrue(row != null, board.out());
        assertEquals("valid", row.path("verification").asText(), board.out());
        Run inbox = run(as("agent-c", "hf_test_alan_00003"), "inbox");
        assertTrue(inbox.out().contains("VERIFIED VALID"), inbox.out());
        assertTrue(inbox.out().contains("from human-organizer"), inbox.out());
    }

    @Test
    void traceShareAndSyncUploadLocalFolders() throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("s-42"));
        Files.writeString(
                bundle.resolve("manifest.md"),
                "---\nschema_version: 1\nharness: codex\nsession_id: s-42\nusage: {total_tokens: 1200}\n"
                        + "activity: {tool_calls: 7}\n---\nexplored k\n");
        Run trace = run(as("agent-c", "hf_test_alan_00003"), "trace", "share", "--dir", bundle.toString());
        assertEquals(0, trace.code(), trace.err());
        // the share mode and the completeness named, not two bare words that read as a contradiction
        assertTrue(
                trace.out()
                        .contains("shared traces/agent-c/s-42/ (share: stats, completeness: full, 0 log files,"
                                + " 0 bytes copied)"),
                trace.out());

        Path art = Files.createDirectories(tmp.resolve("weights"));
        Files.writeString(art.resolve("drafter.bin"), "0123456789");
        Run sync = run(as("agent-c", "hf_test_alan_00003"), "sync", "--dir", art.toString(), "--dest-slug", "drafter");
        assertEquals(0, sync.code(), sync.err());
        assertTrue(sync.out().contains("copied 1 file (10 bytes) to artifacts/drafter_agent-c/"), sync.out());
    }

    /**
     * The {@code trace share} section of docs/agent-cli.md: its manifest, in a folder holding the file the manifest
     * names, shared by both of its commands as written (the org and agent of this collaboration in place of the
     * example's).
     */
    @Test
    void theTraceShareExamplesOfTheGuideWorkAsWritten() throws Exception {
        String guide = Files.readString(Path.of("../docs/agent-cli.md"));
        String section = guide.substring(guide.indexOf("### `trace share`"), guide.indexOf("### `sync`"));
        String manifest = section.substring(
                section.indexOf("```markdown\n") + "```markdown\n".length(),
                section.indexOf("```", section.indexOf("```markdown\n") + 3));
        Path bundle = Files.createDirectories(tmp.resolve("guide/traces/s-42"));
        Files.writeString(bundle.resolve("manifest.md"), manifest);
        java.util.regex.Matcher log =
                java.util.regex.Pattern.compile("(?m)^native_log_file: (\\S+)$").matcher(manifest);
        if (log.find()) { // the guide says the folder holds it
            assertTrue(
                    section.substring(0, section.indexOf("```markdown")).contains(log.group(1)),
                    "the guide names " + log.group(1));
            Files.writeString(bundle.resolve(log.group(1)), "{\"type\":\"user\",\"text\":\"hello\"}\n");
        }
        String commands = section.substring(section.indexOf("```sh\n") + "```sh\n".length());
        commands = commands.substring(0, commands.indexOf("```"));
        List<String> lines =
                commands.lines().map(l -> l.replaceAll("\\s+#.*$", "")).toList();
        assertEquals(2, lines.size(), commands);
        for (String line : lines) {
            String[] words = line.replace("./traces/s-42", bundle.toString())
                    .replace(
                            "hf://buckets/my-org/fast-gemma-drafter-lab/",
                            "hf://buckets/" + ORG + "/" + SLUG + "-agent-b/")
                    .split(" ");
            assertEquals(
                    List.of("collab", "agent", "trace", "share"), List.of(words).subList(0, 4), line);
            String[] args = java.util.Arrays.copyOfRange(words, 2, words.length);
            Run r = run(as("agent-b", "hf_test_grace_0002"), args);
            assertEquals(0, r.code(), line + ": " + r.err());
            assertTrue(r.out().startsWith("shared traces/agent-b/s-42/"), r.out());
        }
    }

    @Test
    void aServerErrorExits1WithTheCodeAndHint() {
        Run ghost = run(as("ghost", "hf_test_ada_000001"), "post", "hello");
        assertEquals(1, ghost.code(), ghost.out() + ghost.err());
        assertTrue(ghost.err().contains("NOT_REGISTERED: agent 'ghost' is not registered"), ghost.err());
        assertTrue(
                ghost.err().contains("hint: register first: collab agent register --model <model> --harness <harness>"),
                ghost.err());

        Run json = run(as("ghost", "hf_test_ada_000001"), "post", "hello", "--json");
        assertEquals(1, json.code());
        assertEquals("NOT_REGISTERED", json.json().path("error").path("code").asText(), json.out());
        assertEquals(
                "register first: collab agent register --model <model> --harness <harness>",
                json.json().path("error").path("hint").asText(),
                json.out());

        Run jobs = run(as("agent-a", "hf_test_ada_000001"), "job", "launch", "--submission", "s", "--run", "r");
        assertEquals(1, jobs.code(), jobs.err());
        assertTrue(jobs.err().contains("JOBS_DISABLED"), jobs.err());
    }

    @Test
    void badUsageExits2WithOneLine() {
        Run unknown = run(as("agent-a", "hf_test_ada_000001"), "post", "--bogus", "x");
        assertEquals(2, unknown.code(), unknown.err());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("Unknown option: '--bogus'"), unknown.err());

        Map<String, String> noUrl = new HashMap<>();
        noUrl.put("HOME", tmp.resolve("nohome").toString());
        Run missing = run(noUrl, "board");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("no server URL: pass --url, set COLLAB_URL"), missing.err());

        Map<String, String> apiPrefix = new HashMap<>(as("agent-a", "hf_test_ada_000001"));
        apiPrefix.put("COLLAB_URL", "http://127.0.0.1:8080/v1/");
        Run prefixed = run(apiPrefix, "board");
        assertEquals(2, prefixed.code(), prefixed.err());
        assertTrue(
                prefixed.err()
                        .contains("server URL is the server's root, without /v1: use 'http://127.0.0.1:8080' instead"),
                prefixed.err());

        Run noFile = run(as("agent-a", "hf_test_ada_000001"), "result", "submit", "--file", "/nonexistent/r.md");
        assertEquals(2, noFile.code(), noFile.err());
        assertTrue(noFile.err().contains("no such file: /nonexistent/r.md"), noFile.err());

        Run both = run(as("agent-a", "hf_test_ada_000001"), "post", "text", "--source", "hf://buckets/x/y/z");
        assertEquals(2, both.code(), both.err());

        Run noSub = run(as("agent-a", "hf_test_ada_000001"), "taskforce");
        assertEquals(2, noSub.code(), noSub.err());
    }

    @Test
    void helpOnEveryCommandExits0() {
        List<List<String>> paths = new ArrayList<>();
        collect(
                AgentCommand.commandLine(
                        Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
                new ArrayList<>(),
                paths);
        assertTrue(paths.size() >= 17, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(Map.of(), args.toArray(String[]::new));
            assertEquals(0, r.code(), path + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: agent"), path + ": " + r.out());
        }
        Run version = run(Map.of(), "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("collab agent "), version.out());
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> next = new ArrayList<>(prefix);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    /** A stand-in for the {@code collab} root command that mounts this one as {@code agent}. */
    @CommandLine.Command(name = "collab", mixinStandardHelpOptions = true)
    static final class Root implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void worksAsTheAgentSubcommandOfALargerTree() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine root = new CommandLine(new Root())
                .addSubcommand("agent", new AgentCommand(as("agent-b", "hf_test_grace_0002")));
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        AgentCommand.configure(root);
        assertEquals(0, root.execute("agent", "inbox", "--limit", "1"), err.toString());
        assertTrue(out.toString().contains("inbox of agent-b"), out.toString());
        assertEquals(2, root.execute("agent", "post"));
        assertTrue(err.toString().contains("collab agent post: Error: Missing required argument"), err.toString());
        assertEquals(0, root.execute("agent", "taskforce", "read", "--help"));
    }

    @Test
    void settingsComeFromFlagsThenEnvironmentThenTheProfile() throws Exception {
        Path profile = tmp.resolve("profile.properties");
        Files.writeString(profile, "url=http://127.0.0.1:1\nagent=agent-a\ntoken=hf_test_ada_000001\n");
        Map<String, String> env = new HashMap<>();
        env.put("COLLAB_PROFILE", profile.toString());
        // the environment's URL beats the profile's dead one
        env.put("COLLAB_URL", open.url());
        Run fromEnv = run(env, "inbox");
        assertEquals(0, fromEnv.code(), fromEnv.err());
        assertTrue(fromEnv.out().contains("inbox of agent-a"), fromEnv.out());
        // a flag beats both
        Run fromFlag = run(env, "inbox", "--agent", "agent-b");
        assertTrue(fromFlag.out().contains("inbox of agent-b"), fromFlag.out());
        // a profile written by register --save is enough on its own
        Path saved = tmp.resolve("saved/profile.properties");
        Map<String, String> first = as("agent-d", "hf_test_ada_000001");
        first.put("COLLAB_PROFILE", saved.toString());
        Run registered = run(first, "register", "--model", "m", "--harness", "h", "--save");
        assertEquals(0, registered.code(), registered.err());
        assertTrue(Files.readString(saved).contains("agent=agent-d"));
        Run posted = run(Map.of("COLLAB_PROFILE", saved.toString()), "post", "from the profile");
        assertEquals(0, posted.code(), posted.err());
        assertTrue(posted.out().contains("_agent-d.md (via raw)"), posted.out());
        // a typo in the profile is a usage error naming the key
        Files.writeString(saved, "\nagnet=agent-x\n", java.nio.file.StandardOpenOption.APPEND);
        Run typo = run(Map.of("COLLAB_PROFILE", saved.toString()), "inbox");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("unknown key 'agnet' in profile"), typo.err());
    }

    @Test
    void registerSaveWritesANewProfileNamedByTheProfileFlag() throws Exception {
        // --profile names the file --save creates: registering with it registers once and saves the settings
        Path fresh = tmp.resolve("fresh/agent-e.properties");
        Run registered = run(
                as("agent-e", "hf_test_grace_0002"),
                "--profile",
                fresh.toString(),
                "register",
                "--model",
                "m",
                "--harness",
                "h",
                "--save");
        assertEquals(0, registered.code(), registered.err());
        assertTrue(registered.out().contains("profile saved: " + fresh), registered.out());
        assertTrue(Files.readString(fresh).contains("agent=agent-e"));
        Run posted = run(Map.of(), "--profile", fresh.toString(), "post", "from the new profile");
        assertEquals(0, posted.code(), posted.err());
        assertTrue(posted.out().contains("_agent-e.md (via raw)"), posted.out());
    }

    @Test
    void underOwnerAuthTheTokenIsSentAndChecked() {
        try (Deployment owner = Deployment.start(tmp.resolve("owner"), WriteAuth.OWNER)) {
            register(owner, "agent-a", "hf_test_ada_000001");
            Map<String, String> ada = env(owner, "hf_test_ada_000001");
            ada.put("COLLAB_AGENT", "agent-a");
            Run mine = run(ada, "post", "my own post");
            assertEquals(0, mine.code(), mine.err());

            Map<String, String> grace = env(owner, "hf_test_grace_0002");
            grace.put("COLLAB_AGENT", "agent-a");
            Run other = run(grace, "post", "posing as agent-a");
            assertEquals(1, other.code(), other.err());
            assertTrue(other.err().contains("IDENTITY_MISMATCH"), other.err());

            Map<String, String> none = env(owner, "");
            none.put("COLLAB_AGENT", "agent-a");
            Run anonymous = run(none, "taskforce", "create", "tf", "--body", "x");
            assertEquals(1, anonymous.code(), anonymous.err());
            assertTrue(anonymous.err().contains("UNAUTHORIZED"), anonymous.err());
        }
    }
}
