package dev.agentcollab.inference.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aMissingInputFailsWithOneLineNamingItsCodeNotAJavaClass() {
        Path target = tmp.resolve("no-target");
        assertEquals(
                1,
                run(
                        "distill",
                        "--target",
                        target.toString(),
                        "--drafter",
                        tmp.resolve("no-drafter").toString(),
                        "--prompts",
                        tmp.resolve("no-prompts.txt").toString(),
                        "--out",
                        tmp.resolve("o").toString()));
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.matches(".*distill: [A-Z_]+: .*"), e);
        assertFalse(e.contains("Exception"), e);
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

    @Test
    void shortPromptsDistilAndAPromptPastTheTargetsPositionsIsRefused() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        dev.agentcollab.inference.model.ModelWriter.writeTarget(
                tmp.resolve("t"),
                dev.agentcollab.inference.model.RandomCheckpoints.target(
                        dev.agentcollab.inference.pair.TinyPair.target(), random),
                dev.agentcollab.inference.safetensors.DType.F32);
        dev.agentcollab.inference.model.ModelWriter.writeDrafter(
                tmp.resolve("d"),
                dev.agentcollab.inference.model.RandomCheckpoints.drafter(
                        dev.agentcollab.inference.pair.TinyPair.drafter(), random),
                dev.agentcollab.inference.safetensors.DType.F32);
        Files.writeString(tmp.resolve("short.txt"), "5\n6 7\n8\n9 10\n");
        String[] common = {
            "distill",
            "--target",
            tmp.resolve("t").toString(),
            "--drafter",
            tmp.resolve("d").toString()
        };
        assertEquals(
                0,
                run(concat(
                        common,
                        "--prompts",
                        tmp.resolve("short.txt").toString(),
                        "--out",
                        tmp.resolve("fitted").toString(),
                        "--tokens",
                        "2",
                        "--k",
                        "1")),
                err::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("fitted/model.safetensors")));
        assertTrue(Files.isRegularFile(tmp.resolve("fitted/config.json")));

        StringBuilder longPrompt = new StringBuilder("5 6\n");
        for (int i = 0; i < 600; i++) {
            longPrompt.append(i == 0 ? "" : " ").append(4 + i % 500);
        }
        Files.writeString(tmp.resolve("long.txt"), longPrompt + "\n");
        err.reset();
        assertEquals(
                2,
                run(concat(
                        common,
                        "--prompts",
                        tmp.resolve("long.txt").toString(),
                        "--out",
                        tmp.resolve("o2").toString())));
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(
                e.contains("a prompt of 600 tokens is too long: with --tokens 48 and --k 7 it needs 657 positions,"
                        + " but the target holds 512 (max_position_embeddings)"),
                e);
        assertTrue(Files.notExists(tmp.resolve("o2")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
