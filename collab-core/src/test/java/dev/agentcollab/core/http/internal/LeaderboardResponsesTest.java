package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link LeaderboardResponses}: kept bytes with a new stamp are exactly what serialising the board gives. */
class LeaderboardResponsesTest {
    private static final LeaderboardQuery ALL =
            new LeaderboardQuery(true, Optional.empty(), Optional.empty(), Optional.empty());
    private static final String FIRST = "2026-12-02T04:00:00.000Z";
    private static final String LATER = "2026-12-02T04:00:01.234Z";

    private static List<LeaderboardRow> rows(int n, String description) {
        List<LeaderboardRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new LeaderboardRow(
                    i + 1,
                    "agent-" + i,
                    i % 2 == 0 ? Optional.of("user-" + i) : Optional.empty(),
                    100.0 - i,
                    "bench",
                    "pending",
                    "20261202-040000-000_agent-" + i + ".md",
                    "2026-12-02 04:00 UTC",
                    description,
                    i % 3 == 0 ? Optional.of(1.5 * i) : Optional.empty()));
        }
        return List.copyOf(rows);
    }

    private static Leaderboard board(List<LeaderboardRow> rows, String stamp, int considered) {
        return new Leaderboard(
                "score",
                "desc",
                Optional.empty(),
                rows,
                new Leaderboard.Meta(stamp, considered, Map.of("status_negative", 0, "malformed", 1)));
    }

    private static String text(JsonResponse r) {
        return new String(r.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aBoardOverTheSameRowsIsTheKeptBytesWithItsOwnStampAndNotSerialisedAgain() {
        LeaderboardResponses responses = new LeaderboardResponses(1 << 20);
        List<LeaderboardRow> rows = rows(200, "seeded");
        JsonResponse first = responses.render(ALL, board(rows, FIRST, 200));
        JsonResponse later = responses.render(ALL, board(rows, LATER, 200));

        assertArrayEquals(JsonResponse.of(board(rows, FIRST, 200)).bytes(), first.bytes());
        assertArrayEquals(JsonResponse.of(board(rows, LATER, 200)).bytes(), later.bytes());
        assertEquals(1, responses.serialised());
        assertTrue(text(later).contains(LATER) && !text(later).contains(FIRST), text(later));
        // the first answer's bytes (handed out, and kept) are not written over
        assertTrue(text(first).contains(FIRST) && !text(first).contains(LATER));
        assertEquals(JsonResponse.of(board(rows, LATER, 200)).etag(), later.etag());
    }

    @Test
    void aRowQuotingTheStampKeyDoesNotMoveTheStamp() {
        LeaderboardResponses responses = new LeaderboardResponses(1 << 20);
        List<LeaderboardRow> rows = rows(3, "\"generated_at\":\"" + FIRST + "\"");
        responses.render(ALL, board(rows, FIRST, 3));
        JsonResponse later = responses.render(ALL, board(rows, LATER, 3));

        assertArrayEquals(JsonResponse.of(board(rows, LATER, 3)).bytes(), later.bytes());
        assertEquals(1, responses.serialised());
    }

    @Test
    void anythingElseThatDiffersIsSerialisedAnew() {
        LeaderboardResponses responses = new LeaderboardResponses(1 << 20);
        List<LeaderboardRow> rows = rows(20, "seeded");
        responses.render(ALL, board(rows, FIRST, 20));

        // other counts over the same rows
        JsonResponse counts = responses.render(ALL, board(rows, LATER, 21));
        assertArrayEquals(JsonResponse.of(board(rows, LATER, 21)).bytes(), counts.bytes());
        assertEquals(2, responses.serialised());

        // an equal rows list that is another object: the service recomputed the board
        List<LeaderboardRow> recomputed = List.copyOf(new ArrayList<>(rows));
        JsonResponse fresh = responses.render(ALL, board(recomputed, LATER, 21));
        assertArrayEquals(JsonResponse.of(board(recomputed, LATER, 21)).bytes(), fresh.bytes());
        assertEquals(3, responses.serialised());

        // another query keeps its own entry
        LeaderboardQuery top = new LeaderboardQuery(true, Optional.empty(), Optional.empty(), Optional.of(5));
        List<LeaderboardRow> five = rows.subList(0, 5);
        responses.render(top, board(List.copyOf(five), FIRST, 20));
        assertEquals(4, responses.serialised());
        JsonResponse again = responses.render(ALL, board(recomputed, FIRST, 21));
        assertArrayEquals(JsonResponse.of(board(recomputed, FIRST, 21)).bytes(), again.bytes());
        assertEquals(4, responses.serialised());

        // a stamp of another length is not written over the kept one
        String longer = "+12026-12-02T04:00:01.234Z";
        JsonResponse odd = responses.render(ALL, board(recomputed, longer, 21));
        assertArrayEquals(JsonResponse.of(board(recomputed, longer, 21)).bytes(), odd.bytes());
        assertEquals(5, responses.serialised());
    }

    @Test
    void theBoundMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LeaderboardResponses(0));
    }
}
