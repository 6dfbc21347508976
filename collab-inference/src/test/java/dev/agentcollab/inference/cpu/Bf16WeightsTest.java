package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Bf16WeightsTest {
    private static final int V = 96;

    @TempDir
    Path dir;

    @Test
    void bf16StorageOfABf16CheckpointGivesBitIdenticalLogitsToF32Storage() {
        // widening bf16 to f32 is exact, so both storages multiply the same values in the same order
        ModelWriter.writeTarget(dir.resolve("t"), TinyModels.targetCheckpoint(70), DType.BF16);
        ModelWriter.writeDrafter(dir.resolve("d"), TinyModels.drafterCheckpoint(71), DType.BF16);
        Checkpoint t = ModelLoader.loadTarget(dir.resolve("t"));
        DrafterCheckpoint d = ModelLoader.loadDrafter(dir.resolve("d"));
        BackendOptions opts = new BackendOptions(64, 8, 2);
        int[] prompt = TinyModels.prompt(3, 7);
        try (CpuBackend f32 = CpuBackend.open(t, Optional.of(d), opts, WeightFormat.F32);
                CpuBackend bf16 = CpuBackend.open(t, Optional.of(d), opts, WeightFormat.BF16)) {
            float[] a = new float[7 * V];
            float[] b = new float[7 * V];
            f32.forward(prompt, 7, a, true);
            bf16.forward(prompt, 7, b, true);
            assertArrayEquals(a, b);
            assertTrue(bf16.name().contains("bf16"));
            var ga = new DefaultGenerator(f32).generate(prompt, GenerationOptions.greedy(20), new SplittableRandom(0));
            var gb = new DefaultGenerator(bf16).generate(prompt, GenerationOptions.greedy(20), new SplittableRandom(0));
            assertEquals(ga.tokens(), gb.tokens());
        }
    }

    @Test
    void speculativeGreedyEqualsPlainGreedyWithBf16Weights() {
        BackendOptions opts = new BackendOptions(128, 8, 2);
        for (int k : new int[] {2, 5}) {
            try (CpuBackend b = CpuBackend.open(
                            TinyModels.targetCheckpoint(80 + k),
                            Optional.of(TinyModels.drafterCheckpoint(90 + k)),
                            opts,
                            WeightFormat.BF16);
                    SpeculativeGenerator spec = new SpeculativeGenerator(b, SpeculativeOptions.of(k))) {
                int[] prompt = TinyModels.prompt(k, 9);
                GenerationResult plain =
                        new DefaultGenerator(b).generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                GenerationResult fast = spec.generate(prompt, GenerationOptions.greedy(40), new SplittableRandom(0));
                assertEquals(plain.tokens(), fast.tokens(), "K " + k);
            }
        }
    }

    @Test
    void f32WeightsAreRoundedToNearestEvenWhenStoredAsBf16() {
        Checkpoint t = TinyModels.targetCheckpoint(5);
        try (CpuBackend f32 = CpuBackend.open(t, Optional.empty(), new BackendOptions(16, 4, 1));
                CpuBackend bf16 =
                        CpuBackend.open(t, Optional.empty(), new BackendOptions(16, 4, 1), WeightFormat.BF16)) {
            float[] a = new float[V];
            float[] b = new float[V];
            f32.forward(TinyModels.prompt(1, 4), 4, a, false);
            bf16.forward(TinyModels.prompt(1, 4), 4, b, false);
            for (int i = 0; i < V; i++) {
                assertEquals(a[i], b[i], 0.25, "logit " + i + " (bf16 keeps 8 mantissa bits)");
            }
        }
    }
}
