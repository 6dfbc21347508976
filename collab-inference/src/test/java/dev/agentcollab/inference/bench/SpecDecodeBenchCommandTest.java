package dev.agentcollab.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code collab bench spec-decode}: short sequences run, and bad values are one-line usage errors (exit 2). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SpecDecodeBenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        return Commands.execute(
                new SpecDecodeBenchCommand(o), args, o, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aSequenceShorterThanAPrefillChunkRuns() {
        int status = run(
                "--hidden",
                "64",
                "--layers",
                "2",
                "--vocab",
                "512",
                "--prompts",
                "1",
                "--repeats",
                "1",
                "--prompt-length",
                "2",
                "--tokens",
                "4",
                "--k",
                "2",
                "--formats",
                "none",
                "--threads",
                "1",
                "--agreement",
                "0.8",
                "--pairs",
                "none");
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("plain greedy"), table);
        assertTrue(table.contains("unsteered"), table);
    }

    @Test
    void badValuesAreRefusedUpFrontWithOneLine() {
        List<List<String>> cases = List.of(
                List.of("--k", "0", "--k: each K must be in [1, 64], but was 0"),
                List.of("--k", "-3", "--k: each K must be in [1, 64], but was -3"),
                List.of("--k", "2,65", "--k: each K must be in [1, 64], but was 65"),
                List.of("--agreement", "1.5", "--agreement: each rate must be in [0, 1], but was 1.5"),
                List.of("--profile", "0.5/0.9", "--profile: values must be in (0, 1] and non-increasing"),
                List.of("--profile", "abc", "--profile: 'abc' is not a number"),
                List.of("--formats", "bogus", "--formats: unknown weight storage 'bogus' (f32, bf16, q8_0, q3_0"));
        for (List<String> c : cases) {
            err.reset();
            out.reset();
            assertEquals(2, run(c.get(0), c.get(1)), c::toString);
            String e = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.contains(c.get(2)), e);
            assertFalse(e.contains("No enum constant") || e.contains("For input string"), e);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing was built or measured");
        }
    }

    @Test
    void shapesAndLengthsTheBenchCannotBuildAreUsageErrors() {
        List<List<String>> cases = List.of(
                List.of("--vocab", "100", "--vocab: must be a multiple of 8 (of 64 from 4096), but was 100"),
                List.of("--vocab", "4104", "--vocab: must be a multiple of 8 (of 64 from 4096), but was 4104"),
                List.of("--hidden", "1408", "--hidden: the bench cannot build a target of hidden 1408"),
                List.of("--prompt-length", "5000", "--prompt-length, --tokens and --k need 5136 positions"));
        for (List<String> c : cases) {
            err.reset();
            out.reset();
            assertEquals(2, run(c.get(0), c.get(1), "--threads", "1"), c::toString);
            String e = err.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.contains(c.get(2)), e);
            assertFalse(e.contains("Exception"), e);
            assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing was built or measured");
        }
    }
}
