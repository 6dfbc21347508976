package dev.agentcollab.inference.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab drafter}: help, and argument errors as usage errors (exit 2) naming the problem. */
class DrafterCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Commands.execute(
                new DrafterCommand(),
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandAnswersHelp() {
        assertEquals(0, run("--help"));
        assertEquals(0, run("distill", "--help"));
        assertEquals(0, run("pair", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("--prompts=FILE"), help);
        assertTrue(help.contains("gemma4-mtp, high-0.9 or low-0.3"), help);
    }

    @Test
    void missingOptionsAreUsageErrors() {
        assertEquals(2, run("distill", "--target", tmp.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("Missing required options"), e);
        assertTrue(e.contains("drafter distill"), e);
    }

    @Test
    void badValuesAreUsageErrorsNamingTheProblem() {
        assertEquals(
                2,
                run(
                        "distill",
                        "--target",
                        "t",
                        "--drafter",
                        "d",
                        "--prompts",
                        "p",
                        "--out",
                        tmp.resolve("o").toString(),
                        "--k",
                        "40"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--k in [1, 16]"), err.toString());
        err.reset();
        assertEquals(2, run("pair", "--out", tmp.resolve("p").toString(), "--profile", "medium"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("medium"), err.toString());
    }
}
