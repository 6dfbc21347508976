package dev.agentcollab.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SteeredDraftingTest {

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.9, 0.5})
    void highAcceptanceStillGivesExactlyThePlainGreedyOutput(double agreement) {
        for (int k : new int[] {1, 3, 6}) {
            try (CpuBackend cpu = TinyModels.backend(60 + k, 2)) {
                int[] prompt = TinyModels.prompt(k, 6);
                GenerationResult plain = new DefaultGenerator(cpu)
                        .generate(prompt, GenerationOptions.greedy(60), new SplittableRandom(0));
                SteeredBackend steered = new SteeredBackend(cpu, agreement, new SplittableRandom(k));
                int[] ref = new int[prompt.length + 60];
                System.arraycopy(prompt, 0, ref, 0, prompt.length);
                System.arraycopy(plain.tokenArray(), 0, ref, prompt.length, 60);
                steered.reference(ref);
                try (SpeculativeGenerator spec = new SpeculativeGenerator(steered, SpeculativeOptions.of(k))) {
                    GenerationResult fast =
                            spec.generate(prompt, GenerationOptions.greedy(60), new SplittableRandom(0));
                    assertEquals(plain.tokens(), fast.tokens(), "K " + k + " agreement " + agreement);
                    AcceptanceStats s = fast.acceptance().orElseThrow();
                    if (agreement == 1.0) {
                        assertEquals(1.0, s.acceptanceRate(), 1e-12, "every draft accepted");
                        assertTrue(
                                s.meanAcceptanceLength() > 0.8 * (k + 1) && s.meanAcceptanceLength() <= k + 1,
                                "mean acceptance length " + s.meanAcceptanceLength());
                    } else {
                        assertTrue(
                                s.positionRate(0) > agreement - 0.25 && s.positionRate(0) < agreement + 0.25,
                                "position-0 acceptance " + s.positionRate(0));
                    }
                    assertTrue(fast.targetForwards() < plain.targetForwards() || agreement < 0.6);
                }
            }
        }
    }

    @Test
    void benchPrintsATableOnATinyModel() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchArgs args = BenchArgs.parse(new String[] {
            "--hidden",
            "64",
            "--layers",
            "3",
            "--vocab",
            "256",
            "--tokens",
            "12",
            "--prompts",
            "1",
            "--repeats",
            "1",
            "--threads",
            "1",
            "--k",
            "2",
            "--agreement",
            "0.9",
            "--bf16"
        });
        SpecDecodeBench.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String table = buf.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("| plain greedy |"), table);
        assertTrue(table.contains("-bf16-t1"), "the backend name shows the weight format:\n" + table);
        assertTrue(table.contains("| speculative | 2 | 90% |"), table);
        assertTrue(!table.contains("| NO |"), "every speculative row must equal plain greedy:\n" + table);
        assertTrue(table.contains("| f32 |") && table.contains("| bf16 |"), "forward-cost rows:\n" + table);
        assertTrue(table.contains("% of bandwidth") && table.contains("3 vs 1"), table);
        // the modelled per-K table at the Gemma 4 profile: K = 1..7, each with its batch-vs-single-row logit check
        assertTrue(table.contains("modelled speed-up"), table);
        assertTrue(table.contains("| f32 | 7 | 3.65 |") && table.contains("| bf16 | 1 | 1.69 |"), table);
        assertTrue(table.contains("| speculative | 2 | Gemma 4 MTP profile 0.69/0.53/"), table);
        assertTrue(table.contains("best K for Gemma 4 MTP profile"), table);
    }

    @Test
    void aProfiledDrafterFollowsThePerPositionAcceptanceAndStaysExact() {
        java.util.List<Double> profile = java.util.List.of(0.8, 0.5, 0.3);
        int k = 3;
        int tokens = 140;
        try (CpuBackend cpu = TinyModels.backend(77, 2)) {
            int[] prompt = TinyModels.prompt(5, 6);
            GenerationResult plain = new DefaultGenerator(cpu)
                    .generate(prompt, GenerationOptions.greedy(tokens), new SplittableRandom(0));
            SteeredBackend steered = SteeredBackend.withProfile(cpu, profile, new SplittableRandom(3));
            int[] out = plain.tokenArray();
            int[] ref = new int[prompt.length + out.length];
            System.arraycopy(prompt, 0, ref, 0, prompt.length);
            System.arraycopy(out, 0, ref, prompt.length, out.length);
            steered.reference(ref);
            assertTrue(out.length > 100, "long enough to measure rates: " + out.length);
            try (SpeculativeGenerator spec = new SpeculativeGenerator(steered, SpeculativeOptions.of(k))) {
                GenerationResult fast =
                        spec.generate(prompt, GenerationOptions.greedy(tokens), new SplittableRandom(0));
                assertEquals(plain.tokens(), fast.tokens());
                AcceptanceStats s = fast.acceptance().orElseThrow();
                for (int i = 0; i < k; i++) {
                    assertEquals(profile.get(i), s.positionRate(i), 0.15, "position " + i);
                }
            }
        }
    }

    /** A mistyped pair name is a usage error naming the choices (exit 2), before anything is built or measured. */
    @Test
    void pairsAreCheckedBeforeTheRunAndNoneMeansNone() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = dev.agentcollab.inference.cli.Commands.execute(
                new SpecDecodeBenchCommand(new java.io.PrintStream(out)),
                new String[] {"--pairs", "gemma4-mtp,gemma5"},
                new java.io.PrintStream(out),
                new java.io.PrintStream(err));
        org.junit.jupiter.api.Assertions.assertEquals(dev.agentcollab.inference.cli.Commands.USAGE, status);
        org.junit.jupiter.api.Assertions.assertTrue(
                err.toString().contains("--pairs: unknown pair 'gemma5' (gemma4-mtp, high-0.9, low-0.3, or none)"),
                err.toString());
        org.junit.jupiter.api.Assertions.assertEquals("", out.toString(), "nothing measured");
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of(),
                BenchArgs.parse(new String[] {"--pairs", "none"}).pairs());
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("high-0.9"),
                BenchArgs.parse(new String[] {"--pairs", "high-0.9"}).pairs());
    }

    @Test
    void aProfileMustBeNonIncreasingProbabilities() {
        try (CpuBackend cpu = TinyModels.backend(78, 1)) {
            SplittableRandom r = new SplittableRandom(1);
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> SteeredBackend.withProfile(cpu, java.util.List.of(0.5, 0.6), r));
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> SteeredBackend.withProfile(cpu, java.util.List.of(), r));
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> SteeredBackend.withProfile(cpu, java.util.List.of(1.2), r));
        }
    }
}
