package dev.agentcollab.core.service.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class IndexSpliceTest {
    /** Keys that sort and escape in every way the renderer knows: quotes, backslashes, controls, non-ASCII. */
    private static final List<String> ODD = List.of(
            "20260601-100000-000_agent-1.md",
            "a\"quote.md",
            "back\\slash.md",
            "tab\there.md",
            "new\nline.md",
            "bell\u0007.md",
            "\u001f-unit.md",
            "caf\u00e9.md",
            "\u00ff.md",
            "\u4e2d\u6587.md",
            "emoji-\ud83d\ude00.md",
            "\ufb01-ligature.md",
            " leading-space.md",
            "",
            "~tilde.md",
            "{brace}.md",
            "\"",
            "\\");

    private static final List<String> VALUES =
            List.of("pending", "valid", "invalid", "{\"x\":1}", "needs \"review\"", "\u00e9t\u00e9", "");

    @Test
    void everySplicedIndexIsTheRenderingOfItsEntries() {
        Random random = new Random(20261202L);
        for (int history = 0; history < 200; history++) {
            TreeMap<String, String> entries = new TreeMap<>();
            byte[] bytes = IndexSplice.render(entries);
            int steps = 1 + random.nextInt(60);
            for (int step = 0; step < steps; step++) {
                String key = random.nextInt(3) == 0
                        ? ODD.get(random.nextInt(ODD.size()))
                        : String.format(
                                "2026%04d-%06d-000_agent-%d.md",
                                random.nextInt(1300), random.nextInt(240000), random.nextInt(40));
                String value = VALUES.get(random.nextInt(VALUES.size()));
                boolean wasEmpty = entries.isEmpty();
                entries.put(key, value);
                Optional<byte[]> spliced = IndexSplice.put(bytes, key, value);
                assertEquals(!wasEmpty, spliced.isPresent(), "only the empty index is rendered whole");
                bytes = spliced.orElseGet(() -> IndexSplice.render(entries));
                assertArrayEquals(
                        IndexSplice.render(entries), bytes, () -> "history " + " after setting " + key + " = " + value);
            }
        }
    }

    @Test
    void settingAnExistingEntryReplacesOnlyItsValue() {
        TreeMap<String, String> entries = new TreeMap<>();
        entries.put("a.md", "pending");
        entries.put("b.md", "pending");
        entries.put("c.md", "valid");
        byte[] before = IndexSplice.render(entries);
        String after = new String(IndexSplice.put(before, "b.md", "invalid").orElseThrow(), StandardCharsets.UTF_8);
        assertEquals("{\n  \"a.md\": \"pending\",\n  \"b.md\": \"invalid\",\n  \"c.md\": \"valid\"\n}\n", after);
        String last = new String(IndexSplice.put(before, "d.md", "pending").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(last.endsWith("  \"c.md\": \"valid\",\n  \"d.md\": \"pending\"\n}\n"), last);
        String firstLine = new String(IndexSplice.put(before, "0.md", "pending").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(firstLine.startsWith("{\n  \"0.md\": \"pending\",\n  \"a.md\""), firstLine);
    }

    @Test
    void whatIsNotARenderingIsRenderedWholeInstead() {
        for (String text : List.of(
                "{}\n",
                "{}",
                "",
                "{\n    \"a.md\": \"pending\"\n}\n",
                "{\"a.md\": \"pending\"}\n",
                "{\n  \"a.md\": 1\n}\n")) {
            assertEquals(
                    Optional.empty(),
                    IndexSplice.put(text.getBytes(StandardCharsets.UTF_8), "a.md", "valid")
                            .map(String::new),
                    text);
        }
    }
}
