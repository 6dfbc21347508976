package dev.agentcollab.core.service.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.core.service.internal.Document;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The summary excerpt of the trace library counts characters, not UTF-16 units. */
class TraceExcerptTest {
    private static final String FACE = "\uD83D\uDE00"; // one character outside the BMP, two UTF-16 units

    private static String excerpt(String body) {
        return TraceManifests.summary("agent-1", "s1", Document.of(Map.of(), body), Optional.empty())
                .summaryExcerpt();
    }

    @Test
    void aLongSummaryIsCutAfter280CharactersWithoutSplittingOne() {
        assertEquals("x".repeat(279) + FACE + "…", excerpt("x".repeat(279) + FACE.repeat(3)));
    }

    @Test
    void aSummaryOf280CharactersOutsideTheBmpIsKeptWhole() {
        String body = FACE.repeat(280);

        assertEquals(body, excerpt(body + "\n"));
    }
}
