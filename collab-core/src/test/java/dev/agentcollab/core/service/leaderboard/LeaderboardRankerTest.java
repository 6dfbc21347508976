package dev.agentcollab.core.service.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.leaderboard.ScoreOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderboardRankerTest {
    private static final Set<String> DEFAULT = Set.of("valid", "pending");

    private static RankInput result(String filename, Object score, String status, Object... extra) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("score", score);
        fm.put("method", "m-" + filename.substring(16, 19));
        fm.put("status", status);
        fm.put("description", "d");
        for (int i = 0; i < extra.length; i += 2) {
            fm.put((String) extra[i], extra[i + 1]);
        }
        return new RankInput(filename, fm, false);
    }

    private static Leaderboard rank(
            List<RankInput> records,
            Map<String, String> index,
            RankingPolicy policy,
            Set<String> states,
            boolean best) {
        return LeaderboardRanker.rank(
                records,
                index,
                a -> a.equals("agent-1") ? Optional.of("alice") : Optional.empty(),
                policy,
                states,
                best,
                Optional.empty(),
                0,
                "2026-06-01T10:00:00.000Z");
    }

    private static List<String> files(Leaderboard board) {
        return board.rows().stream().map(LeaderboardRow::filename).toList();
    }

    private static final String A1 = "20260601-100000-000_agent-1.md";
    private static final String A2 = "20260601-110000-000_agent-1.md";
    private static final String B1 = "20260601-100500-000_agent-2.md";
    private static final String C1 = "20260601-090000-000_agent-3.md";
    private static final String D1 = "20260601-110000-000_agent-4.md";

    @Test
    void descendingKeepsEachAgentsBestAndRanksHigherFirst() {
        List<RankInput> records = List.of(
                result(A1, 10, "agent-run"),
                result(A2, 12.5, "agent-run"),
                result(B1, 11, "agent-run"),
                result(C1, 3, "agent-run"));
        Leaderboard board = rank(records, Map.of(), RankingPolicy.ofDefaults(), DEFAULT, true);
        assertEquals(List.of(A2, B1, C1), files(board));
        assertEquals(
                List.of(1, 2, 3),
                board.rows().stream().map(LeaderboardRow::rank).toList());
        assertEquals(Optional.of("alice"), board.rows().get(0).hfUser());
        assertEquals("agent-1", board.rows().get(0).agent());
        assertEquals("desc", board.order());
        assertEquals(4, board.meta().resultsConsidered());

        Leaderboard all = rank(records, Map.of(), RankingPolicy.ofDefaults(), DEFAULT, false);
        assertEquals(List.of(A2, B1, A1, C1), files(all));
    }

    @Test
    void ascendingRanksLowerFirst() {
        RankingPolicy asc = new RankingPolicy("latency_ms", ScoreOrder.ASC, Optional.empty(), Optional.empty(), false);
        List<RankInput> records = List.of(
                result(A1, 1, "agent-run", "latency_ms", 30),
                result(A2, 1, "agent-run", "latency_ms", 20),
                result(B1, 1, "agent-run", "latency_ms", 25));
        Leaderboard board = rank(records, Map.of(), asc, DEFAULT, true);
        assertEquals(List.of(A2, B1), files(board));
        assertEquals(20.0, board.rows().get(0).score());
        assertEquals("latency_ms", board.scoreField());
        assertEquals("asc", board.order());
    }

    @Test
    void tiesGoToTheEarlierResultThenTheAgentId() {
        String b0 = "20260601-080000-000_agent-2.md";
        String c0 = "20260601-080000-000_agent-3.md";
        List<RankInput> records = List.of(
                result(A2, 7, "agent-run"),
                result(A1, 7, "agent-run"),
                result(c0, 7, "agent-run"),
                result(b0, 7, "agent-run"));
        Leaderboard board = rank(records, Map.of(), RankingPolicy.ofDefaults(), DEFAULT, true);
        assertEquals(List.of(b0, c0, A1), files(board), "per agent the earlier of equal scores; then stamp, then id");
    }

    @Test
    void negativeMalformedAndFilteredStatesAreCountedNotRanked() {
        List<RankInput> records = new ArrayList<>(List.of(
                result(A1, 10, "negative"),
                result(A2, "10", "agent-run"),
                result(B1, true, "agent-run"),
                result(C1, 0, "agent-run"),
                result("20260601-120000-000_agent-4.md", 5, "other"),
                result("20260601-130000-000_agent-5.md", 5, "agent-run"),
                result("20260601-140000-000_agent-6.md", 6, "agent-run"),
                result("20260601-150000-000_agent-7.md", 7, "agent-run")));
        records.add(new RankInput("20260601-160000-000_agent-8.md", Map.of(), true));
        Map<String, String> index =
                Map.of("20260601-140000-000_agent-6.md", "invalid", "20260601-150000-000_agent-7.md", "bogus");
        Leaderboard board = rank(records, index, RankingPolicy.ofDefaults(), DEFAULT, true);
        assertEquals(List.of("20260601-130000-000_agent-5.md"), files(board));
        assertEquals("pending", board.rows().get(0).verification());
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("status_negative", 1);
        expected.put("malformed", 5);
        expected.put("verification_invalid", 1);
        expected.put("verification_bogus", 1);
        assertEquals(expected, board.meta().excluded());
        assertEquals(9, board.meta().resultsConsidered());
    }

    @Test
    void infiniteAndNanScoresAreMalformedNotRanked() {
        List<RankInput> records = List.of(
                result(A1, Double.POSITIVE_INFINITY, "agent-run"),
                result(B1, Double.NaN, "agent-run"),
                result(C1, new java.math.BigInteger("1" + "0".repeat(400)), "agent-run"),
                result("20260601-130000-000_agent-5.md", 5, "agent-run"));
        Leaderboard board = rank(records, Map.of(), RankingPolicy.ofDefaults(), DEFAULT, true);
        assertEquals(List.of("20260601-130000-000_agent-5.md"), files(board));
        assertEquals(Map.of("status_negative", 0, "malformed", 3), board.meta().excluded());
    }

    @Test
    void strictModeShowsOnlyValidResults() {
        RankingPolicy strict = new RankingPolicy("score", ScoreOrder.DESC, Optional.empty(), Optional.empty(), true);
        List<RankInput> records = List.of(result(A1, 10, "agent-run"), result(B1, 20, "agent-run"));
        Leaderboard board = rank(records, Map.of(A1, "valid"), strict, strict.defaultVerification(), true);
        assertEquals(List.of(A1), files(board));
        assertEquals(
                Map.of("status_negative", 0, "malformed", 0, "verification_pending", 1),
                board.meta().excluded());
    }

    @Test
    void guardrailColumnIsShownAndItsCapExcludes() {
        RankingPolicy guarded =
                new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.of(12.0), false);
        List<RankInput> records = List.of(
                result(A1, 10, "agent-run", "perplexity", 11.5),
                result(B1, 30, "agent-run", "perplexity", 19.0),
                result(C1, 5, "agent-run", "perplexity", 12.0));
        Leaderboard board = rank(records, Map.of(), guarded, DEFAULT, true);
        assertEquals(List.of(A1, C1), files(board));
        assertEquals(Optional.of(11.5), board.rows().get(0).guard());
        assertEquals(Optional.of(12.0), board.rows().get(1).guard());
        assertEquals(1, board.meta().excluded().get("guard_exceeded"));
        assertEquals(Optional.of("perplexity"), board.guardField());
    }

    @Test
    void underACapARowWithoutAFiniteGuardValueIsLeftOff() {
        RankingPolicy guarded =
                new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.of(12.0), false);
        List<RankInput> records = List.of(
                result(A1, 10, "agent-run", "perplexity", 11.5),
                result(B1, 30, "agent-run"),
                result(C1, 40, "agent-run", "perplexity", Double.NaN),
                result(D1, 50, "agent-run", "perplexity", "low"));
        Leaderboard board = rank(records, Map.of(), guarded, DEFAULT, true);
        assertEquals(List.of(A1), files(board));
        assertEquals(3, board.meta().excluded().get("guard_exceeded"));
    }

    @Test
    void withoutACapTheGuardrailIsOnlyShown() {
        RankingPolicy shown =
                new RankingPolicy("score", ScoreOrder.DESC, Optional.of("perplexity"), Optional.empty(), false);
        List<RankInput> records = List.of(result(A1, 10, "agent-run", "perplexity", 11.5), result(B1, 30, "agent-run"));
        Leaderboard board = rank(records, Map.of(), shown, DEFAULT, true);
        assertEquals(List.of(B1, A1), files(board));
        assertEquals(Optional.empty(), board.rows().get(0).guard());
        assertEquals(Optional.of(11.5), board.rows().get(1).guard());
        assertNull(board.meta().excluded().get("guard_exceeded"));
    }

    @Test
    void agentFilterKeepsGlobalRanksAndLimitAppliesLast() {
        List<RankInput> records =
                List.of(result(A1, 10, "agent-run"), result(B1, 20, "agent-run"), result(C1, 30, "agent-run"));
        Leaderboard one = LeaderboardRanker.rank(
                records,
                Map.of(),
                a -> Optional.empty(),
                RankingPolicy.ofDefaults(),
                DEFAULT,
                true,
                Optional.of("agent-1"),
                0,
                "now");
        assertEquals(1, one.rows().size());
        assertEquals(3, one.rows().get(0).rank());
        Leaderboard top = LeaderboardRanker.rank(
                records,
                Map.of(),
                a -> Optional.empty(),
                RankingPolicy.ofDefaults(),
                DEFAULT,
                true,
                Optional.empty(),
                2,
                "now");
        assertEquals(List.of(C1, B1), files(top));
    }
}
