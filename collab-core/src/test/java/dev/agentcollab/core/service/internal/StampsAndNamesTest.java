package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StampsAndNamesTest {

    @Test
    void formatsTheThreeStamps() {
        Instant t = Instant.parse("2026-11-24T23:03:22.166Z");
        assertEquals("20261124-230322-166", Stamps.filename(t));
        assertEquals("2026-11-24 23:03 UTC", Stamps.yaml(t));
        assertEquals("2026-11-24T23:03:22.166Z", Stamps.iso(t));
    }

    @Test
    void readsTheInstantOfAStampedFilename() {
        assertEquals(
                java.util.Optional.of(Instant.parse("2026-11-24T23:03:22.166Z")),
                Stamps.instantOf("20261124-230322-166_agent-1.md"));
        assertEquals(java.util.Optional.empty(), Stamps.instantOf("README.md"));
        assertEquals(java.util.Optional.empty(), Stamps.instantOf("20261324-230322-166_agent-1.md")); // month 13
    }

    @Test
    void parsesBoundsInEveryAcceptedForm() {
        assertEquals("20260601-000000-000", Stamps.parseBound("since", "20260601"));
        assertEquals("20260601-101500-000", Stamps.parseBound("since", "20260601-101500"));
        assertEquals("20260601-101500-123", Stamps.parseBound("since", "20260601-101500-123"));
        assertEquals("20260601-081500-000", Stamps.parseBound("since", "2026-06-01T10:15:00+02:00"));
        assertEquals("20260601-101500-000", Stamps.parseBound("since", "2026-06-01T10:15:00"));
        assertEquals("20260601-000000-000", Stamps.parseBound("since", "2026-06-01"));
        CollabException e = assertThrows(CollabException.class, () -> Stamps.parseBound("until", "soon"));
        assertEquals(ErrorCode.INVALID_QUERY, e.code());
        assertEquals("`until` must be ISO 8601 or YYYYMMDD-HHmmss[-mmm], got 'soon'", e.getMessage());
    }

    /** What Python 3.11's {@code datetime.fromisoformat} reads, as the UTC stamp the reference compares with. */
    private static final String[][] ISO_BOUNDS = {
        {"2026-12-04T16:00:00+0100", "20261204-150000-000"},
        {"20261204T160000", "20261204-160000-000"},
        {"20261204T1600Z", "20261204-160000-000"},
        {"2026-12-04T16", "20261204-160000-000"},
        {"2026-12-04T1600", "20261204-160000-000"},
        {"2026-12-04 16:00", "20261204-160000-000"},
        {"2026-12-04t16:00", "20261204-160000-000"},
        {"2026-12-04x16:00", "20261204-160000-000"},
        {"2026-12-04\u00e916:00", "20261204-160000-000"},
        {"2026-12-04T16:00:00,5", "20261204-160000-500"},
        {"2026-12-04T16:00:00.0015", "20261204-160000-001"},
        {"2026-12-04T16:00:00.1234567", "20261204-160000-123"},
        {"2026-12-04T16:00.5", "20261204-160000-500"},
        {"2026-12-04T16+01", "20261204-150000-000"},
        {"2026-12-04T16:00-0130", "20261204-173000-000"},
        {"2026-12-04T16:00+01:00:30.5", "20261204-145929-500"},
        {"2026-12-04T16:00+23:59", "20261203-160100-000"},
        {"2026-12-05T00:30+01:00", "20261204-233000-000"},
        {"2026-12-04T16:00:00Z", "20261204-160000-000"},
        {"2026-12-04T16:00-00:00", "20261204-160000-000"},
        {"2026-W49-5", "20261204-000000-000"},
        {"2026-W49-5T16:00", "20261204-160000-000"},
        {"2026W495", "20261204-000000-000"},
        {"2026-W49", "20261130-000000-000"},
        {"2026W49", "20261130-000000-000"},
        {"2026-W53", "20261228-000000-000"},
        {"2020-W53-7", "20210103-000000-000"},
    };

    /** What Python 3.11's {@code datetime.fromisoformat} refuses (or what leaves the years 1 to 9999 in UTC). */
    private static final String[] NOT_ISO_BOUNDS = {
        "soon",
        "",
        "2026-12-04T16:00:00+1",
        "2026-12-04T16:00:00+01:0",
        "2026-12-04T16:00:00.",
        "2026-12-04T16:00:00z",
        "2026-12-04T16:00:00Z+01",
        "2026-12-04T24:00",
        "2026-12-04T16:60",
        "2026-02-29",
        "2026-13-01",
        "2026-12-4",
        "2026-12",
        "202612",
        "2026-338",
        "2026-W495",
        "2026W49-5",
        "2025-W53",
        "2026-12-04T16:0000",
        "2026-12-04TZ",
        "2026-12-04T",
        "2026-12-04T16:00+24:00",
        "0000-01-01",
        "0001-01-01T00:00+01:00",
    };

    @Test
    void parsesBoundsAsPythonsFromisoformatDoes() {
        for (String[] row : ISO_BOUNDS) {
            assertEquals(row[1], Stamps.parseBound("since", row[0]), row[0]);
        }
        for (String value : NOT_ISO_BOUNDS) {
            CollabException e = assertThrows(CollabException.class, () -> Stamps.parseBound("since", value), value);
            assertEquals("`since` must be ISO 8601 or YYYYMMDD-HHmmss[-mmm], got '" + value + "'", e.getMessage());
        }
    }

    @Test
    void derivesAuthorsFromFilenames() {
        assertEquals("agent-2", Names.agentFromFilename("agent-2.md"));
        assertEquals("survey_agent-1", Names.agentFromFilename("survey_agent-1.md"));
        assertEquals("human-x_bae6", Names.agentFromFilename("20260608-212040_human-x_bae6.md"));
        assertEquals("agent-1", Names.agentFromFilename("20260601-100000-000_agent-1.md"));
    }

    @Test
    void validatesIdsAndHandles() {
        assertEquals("a", Names.agentId("a"));
        assertThrows(CollabException.class, () -> Names.agentId("a-"));
        assertThrows(CollabException.class, () -> Names.agentId("x".repeat(41)));
        CollabException upper = assertThrows(CollabException.class, () -> Names.channel("Drafting"));
        assertEquals("channel name must be lowercase: 'Drafting'", upper.getMessage());
        assertEquals("use 'drafting' instead", upper.hint().orElseThrow());
        for (String bad : new String[] {"Bad Name!", "Agent_1", "-X", "X".repeat(41)}) {
            CollabException e = assertThrows(CollabException.class, () -> Names.agentId(bad));
            assertEquals("agent_id must be lowercase: '" + bad + "'", e.getMessage());
            assertEquals(
                    "kebab-case, 1-40 chars: [a-z0-9] with internal hyphens",
                    e.hint().orElseThrow(),
                    bad);
        }
        assertTrue(Names.isHumanHandle("human-bob"));
        assertFalse(Names.isHumanHandle("human"));
        assertFalse(Names.isHumanHandle("human-"));
    }

    @Test
    void extractsRecipientsLikeTheReference() {
        List<String> r = Recipients.extract(
                "@agent-1abc @agent-2_x mail x@agent-3 @agent-2 @Agent-4 @all",
                "20260601-100000-000_agent-5.md, notes.txt",
                List.of(),
                "agent-9",
                id -> !id.equals("all"),
                10);
        assertEquals(List.of("agent-1abc", "agent-2", "agent-5"), r);
    }

    @Test
    void refsSplitOnEveryWhitespaceThatPythonsSplitSplitsOn() {
        // no-break, line and ideographic spaces, and the separators below 0x20 that Python's \s matches
        String refs = "20260601-100000-000_agent-1.md\u00a020260601-100000-001_agent-2.md\u2028"
                + "20260601-100000-002_agent-3.md\u3000,20260601-100000-003_agent-4.md\u001c"
                + "20260601-100000-004_agent-5.md\u0085";
        assertEquals(
                List.of(
                        "20260601-100000-000_agent-1.md",
                        "20260601-100000-001_agent-2.md",
                        "20260601-100000-002_agent-3.md",
                        "20260601-100000-003_agent-4.md",
                        "20260601-100000-004_agent-5.md"),
                Recipients.refTokens(refs));
        assertEquals(
                List.of("agent-1", "agent-2", "agent-3", "agent-4", "agent-5"),
                Recipients.extract("", refs, List.of(), "agent-9", id -> true, 10));
    }
}
