package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.cpu.WeightFormat;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "weights": "bf16"} on real checkpoints: rounding an f32 checkpoint to bf16 changes its weights, so greedy
 * output is compared with the checkpoint decoded as stored (f32) and the run is lossy when they differ; a bf16
 * checkpoint held as bf16 is unchanged and stays lossless.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Bf16WeightsHarnessTest {
    @TempDir
    Path work;

    @Test
    void formatsChangeWeightsByTheirStoredType() {
        assertFalse(WeightFormat.F32.changes(DType.F32));
        assertFalse(WeightFormat.F32.changes(DType.BF16));
        assertTrue(WeightFormat.BF16.changes(DType.F32));
        assertTrue(WeightFormat.BF16.changes(DType.F16));
        assertFalse(WeightFormat.BF16.changes(DType.BF16));
        assertTrue(WeightFormat.Q8_0.changes(DType.BF16));
        assertFalse(WeightFormat.Q8_0.changes(DType.I32));
    }

    @Test
    void bf16StorageOfAnF32CheckpointIsComparedWithTheF32Decoding() throws IOException {
        SplittableRandom random = new SplittableRandom(21);
        var checkpoint = RandomCheckpoints.target(TinyPair.target(), random);
        Path f32 = submission("f32", checkpoint, DType.F32);
        Path bf16 = submission("bf16", checkpoint, DType.BF16);
        List<PromptItem> prompts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            prompts.add(PromptItem.ofTokens(
                    "p" + i, random.ints(8, 3, TinyPair.VOCAB).toArray()));
        }
        HarnessData data = new HarnessData(
                prompts,
                List.of(new PerplexityRecord("r0", new int[] {5, 6, 7}, new int[] {8, 9})),
                List.of(),
                Optional.of(new ReferenceScores(1e9, Optional.empty())));
        List<WeightFormat> opened = new ArrayList<>();
        SubmissionModelLoader engine = EngineSubmissionModel.loader(64, Ticker.system());
        SubmissionModelLoader loader = (model, drafter, decoding) -> {
            opened.add(decoding.weightFormat());
            return engine.open(model, drafter, decoding);
        };
        BenchmarkHarness harness = new BenchmarkHarness(
                HarnessConfig.custom()
                        .outputTokens(4)
                        .warmupRequests(0)
                        .trials(1)
                        .identityCheck(40, 16)
                        .baseline(false)
                        .build(),
                loader,
                Ticker.system(),
                InstantSource.system(),
                ProgressListener.NONE);

        HarnessSummary rounded = harness.run(SubmissionLayout.read(f32), data);
        assertEquals(
                List.of(WeightFormat.BF16, WeightFormat.F32),
                opened,
                "the identity reference is the f32 checkpoint decoded as stored");
        assertEquals(Optional.of(false), rounded.greedyIdentity(), "rounding to bf16 changes some greedy tokens");
        assertTrue(rounded.lossy());
        assertEquals(List.of("greedy output differs from the target's plain greedy decoding"), rounded.reasons());
        assertEquals(
                "lossy",
                ResultFile.fromSummary(rounded, "score", "").frontmatter().get("quality"));

        opened.clear();
        HarnessSummary kept = harness.run(SubmissionLayout.read(bf16), data);
        assertEquals(List.of(WeightFormat.BF16), opened, "a bf16 checkpoint held as bf16 is compared with itself");
        assertEquals(Optional.of(true), kept.greedyIdentity());
        assertTrue(kept.lossless(), kept.reasons()::toString);
    }

    private Path submission(String name, dev.agentcollab.inference.model.Checkpoint checkpoint, DType dtype)
            throws IOException {
        Path dir = work.resolve(name);
        ModelWriter.writeTarget(dir.resolve("model"), checkpoint, dtype);
        Json.mapper()
                .writeValue(
                        dir.resolve("decoding.json").toFile(),
                        Map.of("mode", "plain", "weights", "bf16", "threads", 1));
        Files.createDirectories(dir);
        return dir;
    }
}
