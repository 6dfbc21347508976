package dev.agentcollab.core.service.taskforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The README excerpt of taskforce summaries counts characters, not UTF-16 units. */
class ReadmeExcerptTest {
    private static final String FACE = "\uD83D\uDE00"; // one character outside the BMP, two UTF-16 units

    @Test
    void aLongLineIsCutAfter159CharactersWithoutSplittingOne() {
        String line = "x".repeat(158) + FACE.repeat(5);

        assertEquals("x".repeat(158) + FACE + "…", TaskforceIndex.excerpt(line + "\n"));
    }

    @Test
    void aLineOf160CharactersOutsideTheBmpIsKeptWhole() {
        String line = FACE.repeat(160);

        assertEquals(line, TaskforceIndex.excerpt("# Title\n\n" + line + "\n"));
    }
}
