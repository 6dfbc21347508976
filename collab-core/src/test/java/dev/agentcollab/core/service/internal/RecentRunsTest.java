package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Running runs are kept, ended ones up to the bound, oldest end forgotten first. */
class RecentRunsTest {
    @Test
    void runningRunsStayAndTheOldestEndedGoFirst() {
        RecentRuns<String> runs = new RecentRuns<>();
        runs.keepEnded(2);
        IntStream.range(0, 5).forEach(i -> runs.put("j" + i, "run " + i));
        runs.ended("j3", "run 3");
        runs.ended("j0", "run 0");
        runs.ended("j4", "run 4");
        assertEquals(Optional.empty(), runs.get("j3"), "the oldest end is forgotten");
        assertEquals(Optional.of("run 0"), runs.get("j0"));
        assertEquals(Optional.of("run 4"), runs.get("j4"));
        assertEquals(Optional.of("run 1"), runs.get("j1"), "a run that has not ended is never forgotten");
        assertEquals(
                Set.of("run 0", "run 1", "run 2", "run 4"),
                runs.values().stream().collect(Collectors.toSet()));
    }

    @Test
    void aRunPutAgainUnderItsIdOutlivesTheEndOfTheEarlierOne() {
        RecentRuns<String> runs = new RecentRuns<>();
        runs.keepEnded(1);
        runs.put("result.md", "first verification");
        runs.ended("result.md", "first verification");
        runs.put("result.md", "second verification");
        runs.put("other.md", "other");
        runs.ended("other.md", "other"); // pushes the first verification's end out of the bound
        assertEquals(Optional.of("second verification"), runs.get("result.md"));
        runs.ended("result.md", "second verification");
        assertEquals(Optional.of("second verification"), runs.get("result.md"));
        assertEquals(Optional.empty(), runs.get("other.md"));
    }

    @Test
    void addClaimsAnIdOnceAndRemoveForgetsAtOnce() {
        RecentRuns<String> runs = new RecentRuns<>();
        assertTrue(runs.add("j", "j"));
        assertFalse(runs.add("j", "j"));
        assertTrue(runs.contains("j"));
        runs.remove("j");
        assertFalse(runs.contains("j"));
        assertEquals(RecentRuns.KEEP_ENDED, runs.keepEnded());
        assertThrows(IllegalArgumentException.class, () -> runs.keepEnded(0));
    }
}
