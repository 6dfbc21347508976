package dev.agentcollab.inference.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    @Test
    void anOutputFolderOverlappingAnInputIsRefusedBeforeAnythingIsRead() throws Exception {
        Path drafter = Files.createDirectories(tmp.resolve("drafter"));
        Path target = Files.createDirectories(tmp.resolve("target"));
        byte[] weights = {1, 2, 3, 4};
        Files.write(drafter.resolve("model.safetensors"), weights);
        Files.writeString(tmp.resolve("prompts.txt"), "1 2 3\n4 5 6\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), drafter);
        for (Path out : new Path[] {
            drafter, drafter.resolve("fitted"), tmp, link, tmp.resolve("link/sub"), target, tmp.resolve("./drafter/")
        }) {
            err.reset();
            assertEquals(
                    2,
                    run(
                            "distill",
                            "--target",
                            target.toString(),
                            "--drafter",
                            drafter.toString(),
                            "--prompts",
                            tmp.resolve("prompts.txt").toString(),
                            "--out",
                            out.toString()),
                    out::toString);
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.contains("--out " + out + " overlaps --"), e);
            assertEquals(1, e.strip().lines().count(), e);
        }
        assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(drafter.resolve("model.safetensors"))));
        assertEquals(List.of("model.safetensors"), names(drafter));
        assertEquals(List.of(), names(target));
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
