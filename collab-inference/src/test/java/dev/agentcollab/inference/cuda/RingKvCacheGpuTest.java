package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.bench.SteeredBackend;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.kv.KvCacheLayout;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device K/V ring against the device full-length cache on {@link TinyGemma} (window 8, maxBatch 4: a ring of
 * 8 + 1 + 4 = 13 slots over 40 positions, so it wraps three times; small because fakecuda is slow). The kernels read
 * keys in position order whatever the slot, so logits, drafts and tokens must be bit-identical between the two
 * layouts, with forward graphs and graph draft plans captured on the ring's fixed capacities. Skipped without a GPU or
 * fakecuda.
 */
@Timeout(600)
class RingKvCacheGpuTest {
    private static final int MAX_SEQ = 40;
    private static final int MAX_BATCH = 4;
    private static final int RING = TinyGemma.targetConfig().slidingWindow() + 1 + MAX_BATCH;
    private static final int V = TinyGemma.targetConfig().vocabSize();
    private static final int[] PROMPT = {2, 105, 17, 99, 301, 44, 7, 250, 12, 480, 33};

    @Test
    void slidingLayersGetARingOnTheDevice() {
        GpuTest.requireGpu();
        try (CudaBackend ring = open(KvCacheLayout.RING, false);
                CudaBackend full = open(KvCacheLayout.FULL, false)) {
            CudaTarget r = targetOf(ring);
            CudaTarget f = targetOf(full);
            for (int l = 0; l < r.cfg.numLayers(); l++) {
                if (!r.cfg.ownsKv(l)) {
                    continue;
                }
                int row = r.cfg.numKvHeads() * r.cfg.headDim(l);
                boolean sliding = r.cfg.layerType(l) == dev.agentcollab.inference.model.LayerType.SLIDING;
                assertEquals((long) (sliding ? RING : MAX_SEQ) * row * Float.BYTES, r.kCache[l].bytes(), "layer " + l);
                assertEquals((long) MAX_SEQ * row * Float.BYTES, f.kCache[l].bytes(), "layer " + l);
            }
        }
    }

    @Test
    void plainDecodingIsBitIdenticalToTheFullCacheAndCloseToTheCpuRing() {
        GpuTest.requireGpu();
        try (CudaBackend ring = open(KvCacheLayout.RING, false);
                CudaBackend full = open(KvCacheLayout.FULL, false);
                CpuBackend cpu = CpuBackend.open(TinyGemma.target(11), Optional.empty(), options(KvCacheLayout.RING))) {
            float[] a = new float[MAX_BATCH * V];
            float[] b = new float[MAX_BATCH * V];
            float[] c = new float[MAX_BATCH * V];
            for (int s = 0; s < PROMPT.length; s += MAX_BATCH) {
                int n = Math.min(MAX_BATCH, PROMPT.length - s);
                int[] chunk = Arrays.copyOfRange(PROMPT, s, s + n);
                ring.forward(chunk, n, a, true);
                full.forward(chunk, n, b, true);
                cpu.forward(chunk, n, c, true);
                assertArrayEquals(b, a, "prefill chunk at " + s);
            }
            int token = argmax(a);
            while (ring.length() < MAX_SEQ) {
                ring.forward(new int[] {token}, 1, a, false);
                full.forward(new int[] {token}, 1, b, false);
                cpu.forward(new int[] {token}, 1, c, false);
                int pos = ring.length() - 1;
                assertArrayEquals(Arrays.copyOf(b, V), Arrays.copyOf(a, V), "position " + pos);
                float scale = Math.max(1f, GpuTest.maxAbs(c, V));
                float diff = GpuTest.maxAbsDiff(c, a, V);
                assertTrue(diff <= 5e-3f * scale, "CPU ring vs GPU ring at " + pos + ": " + diff + " of " + scale);
                token = argmax(a);
            }
        }
    }

    @Test
    void randomForwardsRollbacksAndGraphDraftsMatchTheFullCache() {
        GpuTest.requireGpu();
        int k = 3;
        SamplingOptions sampled = SamplingOptions.temperature(1.0);
        try (CudaBackend ring = open(KvCacheLayout.RING, true);
                CudaBackend full = open(KvCacheLayout.FULL, true);
                CudaDraftPlan ringGreedy = ring.plan(k, SamplingOptions.greedy(), true);
                CudaDraftPlan fullGreedy = full.plan(k, SamplingOptions.greedy(), true);
                CudaDraftPlan ringSampled = ring.plan(k, sampled, true);
                CudaDraftPlan fullSampled = full.plan(k, sampled, true)) {
            SplittableRandom rnd = new SplittableRandom(5);
            float[] a = new float[MAX_BATCH * V];
            float[] b = new float[MAX_BATCH * V];
            int wrappedRollbacks = 0;
            int drafts = 0;
            for (int op = 0; op < 30; op++) {
                if (ring.length() + MAX_BATCH > MAX_SEQ) {
                    ring.truncate(0);
                    full.truncate(0);
                }
                int start = ring.length();
                int count = 1 + rnd.nextInt(MAX_BATCH);
                int[] tokens = IntStream.range(0, count)
                        .map(i -> 3 + rnd.nextInt(V - 3))
                        .toArray();
                ring.forward(tokens, count, a, true);
                full.forward(tokens, count, b, true);
                assertArrayEquals(b, a, "forward of " + count + " at " + start);
                int keep = start + count;
                boolean wraps = start % RING + count > RING;
                if (wraps || rnd.nextBoolean()) { // every forward across the wrap point is (partly) rejected
                    keep = start + rnd.nextInt(count + 1);
                    ring.truncate(keep);
                    full.truncate(keep);
                    if (wraps) {
                        wrappedRollbacks++;
                    }
                }
                if (keep > start) {
                    int row = keep - 1 - start;
                    int last = 3 + rnd.nextInt(V - 3);
                    int[] ta = new int[k];
                    int[] tb = new int[k];
                    ringGreedy.replay(last, row, new float[0], ta, new float[0]);
                    fullGreedy.replay(last, row, new float[0], tb, new float[0]);
                    assertArrayEquals(tb, ta, "greedy graph drafts at " + keep);
                    drafts++;
                    if (drafts % 3 != 0) {
                        continue;
                    }
                    float[] u = {rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat()};
                    float[] qa = new float[k * V];
                    float[] qb = new float[k * V];
                    ringSampled.replay(last, row, u, ta, qa);
                    fullSampled.replay(last, row, u, tb, qb);
                    assertArrayEquals(tb, ta, "sampled drafts at " + keep);
                    assertArrayEquals(qb, qa, "draft distributions at " + keep);
                }
            }
            assertTrue(wrappedRollbacks >= 2, "rollbacks of forwards that crossed the wrap point: " + wrappedRollbacks);
            assertTrue(drafts >= 12, "draft replays compared: " + drafts);
        }
    }

    @Test
    void speculativeDecodingGreedyAndSampledMatchesTheFullCache() {
        GpuTest.requireGpu();
        int newTokens = MAX_SEQ - PROMPT.length - 2;
        try (CudaBackend ringGpu = open(KvCacheLayout.RING, true);
                CudaBackend fullGpu = open(KvCacheLayout.FULL, true)) {
            GenerationOptions greedy = GenerationOptions.greedy(newTokens);
            GenerationResult plain = new DefaultGenerator(fullGpu).generate(PROMPT, greedy, new SplittableRandom(1));
            int[] reference = IntStream.concat(
                            Arrays.stream(PROMPT), plain.tokens().stream().mapToInt(Integer::intValue))
                    .toArray();
            SteeredBackend ring = new SteeredBackend(ringGpu, 0.7, new SplittableRandom(3));
            SteeredBackend full = new SteeredBackend(fullGpu, 0.7, new SplittableRandom(3));
            ring.reference(reference);
            full.reference(reference);
            try (SpeculativeGenerator specRing = new SpeculativeGenerator(ring, SpeculativeOptions.of(3));
                    SpeculativeGenerator specFull = new SpeculativeGenerator(full, SpeculativeOptions.of(3))) {
                GenerationResult r = specRing.generate(PROMPT, greedy, new SplittableRandom(1));
                GenerationResult f = specFull.generate(PROMPT, greedy, new SplittableRandom(1));
                assertEquals(plain.tokens(), r.tokens());
                assertEquals(f.acceptance(), r.acceptance());
                AcceptanceStats stats = r.acceptance().orElseThrow();
                assertTrue(stats.acceptedTokens() > 0 && stats.acceptedTokens() < stats.draftedTokens(), "" + stats);
            }
            int sampledTokens = 20; // positions 0..30: across the wrap point twice
            GenerationOptions sampled =
                    GenerationOptions.greedy(sampledTokens).withSampling(SamplingOptions.temperature(1.0));
            try (SpeculativeGenerator specRing = new SpeculativeGenerator(ringGpu, SpeculativeOptions.of(3));
                    SpeculativeGenerator specFull = new SpeculativeGenerator(fullGpu, SpeculativeOptions.of(3))) {
                GenerationResult r = specRing.generate(PROMPT, sampled, new SplittableRandom(9));
                GenerationResult f = specFull.generate(PROMPT, sampled, new SplittableRandom(9));
                assertEquals(f.tokens(), r.tokens(), "rejection sampling, fixed seed");
                assertEquals(f.acceptance(), r.acceptance());
                assertEquals(sampledTokens, r.tokens().size());
            }
        }
    }

    @Test
    void aRollbackPastWhatTheDeviceRingHoldsIsRefused() {
        GpuTest.requireGpu();
        try (CudaBackend ring = open(KvCacheLayout.RING, false)) {
            float[] logits = new float[V];
            for (int s = 0; s < 7; s++) {
                ring.forward(new int[] {5, 6, 7, 8}, MAX_BATCH, logits, false);
            }
            assertEquals(28, ring.length());
            // position 27 overwrote 14 (the oldest kept is 15); length 20 would need 11..19
            CollabException e = assertThrows(CollabException.class, () -> ring.truncate(20));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(28, ring.length());
            ring.truncate(24);
            ring.truncate(0);
            assertEquals(0, ring.length());
        }
    }

    private static CudaTarget targetOf(CudaBackend backend) {
        return backend.target();
    }

    private static CudaBackend open(KvCacheLayout layout, boolean drafter) {
        return CudaBackend.open(
                TinyGemma.target(11), drafter ? Optional.of(TinyGemma.drafter(12)) : Optional.empty(), options(layout));
    }

    private static BackendOptions options(KvCacheLayout layout) {
        return new BackendOptions(MAX_SEQ, MAX_BATCH, 1, layout);
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < V; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
