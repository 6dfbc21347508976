package dev.agentcollab.core.service.leaderboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A leaderboard is computed once per query and version of its inputs, and again when any input changes. */
class LeaderboardCacheTest {
    private final LeaderboardCache cache = new LeaderboardCache();
    private final AtomicInteger computed = new AtomicInteger();

    private Leaderboard compute() {
        computed.incrementAndGet();
        return new Leaderboard(
                "score",
                "desc",
                Optional.empty(),
                List.of(),
                new Leaderboard.Meta("2026-06-01T00:00:00.000Z", computed.get(), Map.of()));
    }

    @Test
    void recomputesOnlyWhenResultsRegistrationsOrVerdictsChange() {
        LeaderboardCache.Inputs v1 = new LeaderboardCache.Inputs(1, 1, "h1");
        LeaderboardQuery q = LeaderboardQuery.defaults();
        Leaderboard first = cache.get(v1, q, this::compute);
        assertSame(first, cache.get(v1, q, this::compute));
        assertEquals(1, computed.get());
        cache.get(v1, q.withLimit(3), this::compute);
        assertEquals(2, computed.get(), "another query is another board");
        cache.get(new LeaderboardCache.Inputs(2, 1, "h1"), q, this::compute);
        cache.get(new LeaderboardCache.Inputs(2, 2, "h1"), q, this::compute);
        cache.get(new LeaderboardCache.Inputs(2, 2, "h2"), q, this::compute);
        assertEquals(5, computed.get(), "a new result, registration or verdict each forces a recomputation");
        cache.get(new LeaderboardCache.Inputs(2, 2, "h2"), q, this::compute);
        assertEquals(5, computed.get());
    }
}
