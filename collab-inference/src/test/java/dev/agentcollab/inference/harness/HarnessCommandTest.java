package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab harness} argument errors: one line naming the problem and exit 2, before anything runs. */
class HarnessCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--submission-dir",
                tmp.resolve("sub").toString(),
                "--state-dir",
                tmp.resolve("state").toString()));
        args.addAll(List.of(extra));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Commands.execute(
                new HarnessCommand(Map.of(), o, e, Ticker.system(), InstantSource.system()),
                args.toArray(String[]::new),
                o,
                e);
    }

    private String oneLineError() {
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("Exception"), e);
        return e;
    }

    @Test
    void aScoreFieldCollidingWithAnotherKeyIsRefused() {
        for (String field : List.of("ppl", "speedup", "accuracy", "quality")) {
            err.reset();
            assertEquals(2, run("--score-field", field), field);
            String e = oneLineError();
            assertTrue(e.contains("--score-field '" + field + "' is a key the harness writes itself"), e);
            assertTrue(e.contains("reserved: acceptance_rate, accuracy, accuracy_items"), e);
        }
        assertFalse(Files.exists(tmp.resolve("state/summary.json")), "refused before the run");
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        List<List<String>> cases = List.of(
                List.of("--max-seq", "0", "--max-seq must be >= 2, but was 0"),
                List.of("--max-seq", "1", "--max-seq must be >= 2, but was 1"),
                List.of(
                        "--ppl-tolerance",
                        "Infinity",
                        "(--ppl-tolerance) must be a finite number >= 0, but was Infinity"),
                List.of("--ppl-tolerance", "NaN", "(--ppl-tolerance) must be a finite number >= 0, but was NaN"),
                List.of("--accuracy-tolerance", "2", "(--accuracy-tolerance) must be in [0, 1], but was 2.0"),
                List.of("--scoring", "bogus", "--scoring must be log-likelihood or generated-letter, but was 'bogus'"));
        for (List<String> c : cases) {
            err.reset();
            assertEquals(2, run(c.get(0), c.get(1)), c::toString);
            String e = oneLineError();
            assertTrue(e.startsWith("collab harness: "), e);
            assertTrue(e.contains(c.get(2)), e);
        }
        assertFalse(Files.exists(tmp.resolve("state/summary.json")), "refused before the run");
        assertEquals(ChoiceScoring.GENERATED_LETTER, ChoiceScoring.named("Generated-Letter"));
    }

    @Test
    void aDecodingJsonHoldingNullIsNamedNotANullPointer() throws Exception {
        Files.createDirectories(tmp.resolve("sub/model"));
        Files.writeString(tmp.resolve("sub/model/config.json"), "{}");
        Files.writeString(tmp.resolve("sub/decoding.json"), "null\n");

        assertEquals(1, run("--quiet"), "a bad submission fails the run");

        String e = err.toString(StandardCharsets.UTF_8);
        String expected = "cannot read decoding.json: it must hold a JSON object, but holds null";
        assertTrue(e.contains("error: INVALID_REQUEST: " + expected), e);
        assertFalse(e.contains("NullPointerException"), e);
        String summary = Files.readString(tmp.resolve("state/summary.json"));
        assertTrue(summary.contains(expected), summary);
        assertFalse(summary.contains("NullPointerException"), summary);
    }
}
