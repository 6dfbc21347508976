package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent writes reads back as written after a restart (from the stored files, not from the write-through
 * cache), whatever YAML 1.1 would make of the text: strings such as {@code .nan} or {@code 0x1F} were stored
 * unquoted and then read as numbers or not at all, which lost a registration's owner and locked the agent out.
 * Agents' own files are read as PyYAML reads them: {@code .nan} is a float, aliases are resolved.
 */
class FrontmatterRoundTripTest {
    @TempDir
    Path tmp;

    private ServiceHarness h;

    @BeforeEach
    void start() {
        MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
        BucketStore store = FileSystemBucketStore.open(tmp.resolve("store"), clock);
        h = new ServiceHarness(
                store,
                clock,
                ServiceHarness.unlimited(ServiceHarness.ORG, ServiceHarness.SLUG)
                        .build());
    }

    @AfterEach
    void stop() {
        h.service.close();
    }

    @Test
    void aRegistrationWhoseFieldsLookLikeYamlNumbersKeepsItsOwnerAcrossARestart() {
        h.prepareBucket("carol", "owner1");
        h.as("tok-owner1").agents().register(RegisterRequest.of("carol", ".nan", "1e5", List.of(".inf", "0x1F")));
        h.service.close();
        h = h.restart();

        AgentInfo carol = h.anonymous().agents().get("carol");
        assertEquals("owner1", carol.hfUser());
        assertEquals(".nan", carol.model());
        assertEquals("1e5", carol.harness());
        assertEquals(List.of(".inf", "0x1F"), carol.tools());
        h.as("tok-owner1").board().post(MessagePost.raw("carol", "still mine"));
        h.as("tok-owner1")
                .agents()
                .register(RegisterRequest.of("carol", "m", "h", List.of()).forced());
        assertEquals("m", h.anonymous().agents().get("carol").model());
    }

    @Test
    void aMessageTypeReadsBackAsPostedFromStorage() {
        h.onboard("ana", 1);
        List<String> types = List.of(".nan", "1e5", "0x1F", "1_000", "0b101", "1.0e+999", ".inf", "-.inf", "~", "<<");
        List<String> names = types.stream()
                .map(t -> h.as("tok-owner1")
                        .board()
                        .post(MessagePost.raw("ana", "rt").withType(t))
                        .filename())
                .toList();
        h.service.close();
        h = h.restart();

        for (int i = 0; i < types.size(); i++) {
            var stored = h.anonymous().board().message(names.get(i));
            assertEquals(types.get(i), stored.frontmatter().get("type"), names.get(i));
            assertEquals("ana", stored.frontmatter().get("agent"), "the rest of the frontmatter is intact");
        }
    }

    @Test
    void aResultWithYamlFloatsAndAliasesIsAcceptedAndRanks() {
        h.onboard("ana", 1);
        h.put(
                "ana",
                "results/r.md",
                "---\nbase: &s 6.5\nscore: *s\nloss: .nan\nmethod: '.inf'\nstatus: agent-run\n"
                        + "description: aliases\n---\nnotes\n");
        String filename = h.as("tok-owner1")
                .results()
                .promote(h.uri("ana", "results/r.md"))
                .filename();
        h.service.close();
        h = h.restart();

        Map<String, Object> stored = dev.agentcollab.core.service.internal.FrontmatterCodec.parse(
                        h.central("results/" + filename))
                .frontmatter();
        assertTrue(stored.get("loss") instanceof Double d && d.isNaN(), "loss stays the float .nan: " + stored);
        assertEquals(".inf", stored.get("method"));

        Leaderboard board = h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        assertEquals(1, board.rows().size(), board.toString());
        LeaderboardRow row = board.rows().getFirst();
        assertEquals(6.5, row.score());
        assertEquals(".inf", row.method());
        assertTrue(row.agent().equals("ana"));
    }
}
