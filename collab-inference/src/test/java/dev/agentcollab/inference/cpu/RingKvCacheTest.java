package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.bench.SteeredBackend;
import dev.agentcollab.inference.kv.KvCacheLayout;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sliding-window K/V ring against the full-length cache on {@link TinyModels} (window W = 4, maxBatch 5, so a
 * ring of W + 1 + 5 = 10 slots) over 96 positions: the ring wraps nine times, and every logit, draft distribution and
 * generated token must be bit-identical to the full-length cache's, including after rollbacks across the wrap point.
 */
@Timeout(120)
class RingKvCacheTest {
    private static final int MAX_SEQ = 96;
    private static final int MAX_BATCH = 5;
    private static final int RING = TinyModels.target().slidingWindow() + 1 + MAX_BATCH;
    private static final int V = TinyModels.target().vocabSize();

    @Test
    void slidingLayersKeepARingOfTheWindowAndGlobalLayersEveryPosition() {
        try (CpuBackend ring = open(KvCacheLayout.RING, false);
                CpuBackend full = open(KvCacheLayout.FULL, false)) {
            ModelConfig c = ring.config();
            int owning = 0;
            for (int l = 0; l < c.numLayers(); l++) {
                if (!c.ownsKv(l)) {
                    assertEquals(null, ring.target().kCache[l], "a KV-shared layer has no cache of its own");
                    continue;
                }
                owning++;
                int row = c.numKvHeads() * c.headDim(l);
                int slots = c.layerType(l) == LayerType.SLIDING ? RING : MAX_SEQ;
                assertEquals(slots * row, ring.target().kCache[l].length, "layer " + l);
                assertEquals(slots * row, ring.target().vCache[l].length, "layer " + l);
                assertEquals(MAX_SEQ * row, full.target().kCache[l].length, "layer " + l);
            }
            assertEquals(3, owning);
            assertEquals(10, ring.target().kvPlan.slidingCapacity());
            assertTrue(ring.target().kvPlan.bytes(4) < full.target().kvPlan.bytes(4));
        }
    }

    @Test
    void plainDecodingGivesBitIdenticalLogitsAcrossManyWraps() {
        try (CpuBackend ring = open(KvCacheLayout.RING, false);
                CpuBackend full = open(KvCacheLayout.FULL, false)) {
            int[] prompt = TinyModels.prompt(4, 13);
            float[] a = new float[MAX_BATCH * V];
            float[] b = new float[MAX_BATCH * V];
            for (int s = 0; s < prompt.length; s += MAX_BATCH) {
                int n = Math.min(MAX_BATCH, prompt.length - s);
                int[] chunk = Arrays.copyOfRange(prompt, s, s + n);
                ring.forward(chunk, n, a, true);
                full.forward(chunk, n, b, true);
                assertArrayEquals(b, a, "prefill chunk at " + s);
            }
            int token = argmax(a, 0);
            while (ring.length() < MAX_SEQ) {
                ring.forward(new int[] {token}, 1, a, false);
                full.forward(new int[] {token}, 1, b, false);
                assertArrayEquals(Arrays.copyOf(b, V), Arrays.copyOf(a, V), "position " + (ring.length() - 1));
                token = argmax(a, 0);
            }
            assertTrue(ring.length() / RING >= 9, "the ring wrapped at least nine times");
        }
    }

    @Test
    void randomForwardsRollbacksAndDraftsMatchTheFullCacheBitForBit() {
        SamplingOptions sampled = SamplingOptions.temperature(1.0);
        int steps = 3;
        try (CpuBackend ring = open(KvCacheLayout.RING, true);
                CpuBackend full = open(KvCacheLayout.FULL, true);
                DraftPlan ringPlan = ring.recordDraftPlan(steps, sampled);
                DraftPlan fullPlan = full.recordDraftPlan(steps, sampled);
                DraftPlan ringEager = ring.eagerDraftPlan(steps, SamplingOptions.greedy());
                DraftPlan fullEager = full.eagerDraftPlan(steps, SamplingOptions.greedy())) {
            SplittableRandom rnd = new SplittableRandom(11);
            float[] a = new float[MAX_BATCH * V];
            float[] b = new float[MAX_BATCH * V];
            int wrappedRollbacks = 0;
            int fullRejections = 0;
            int drafts = 0;
            for (int op = 0; op < 300; op++) {
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
                if (rnd.nextInt(3) > 0) { // a verification that rejected a suffix, possibly all of it
                    keep = start + rnd.nextInt(count + 1);
                    ring.truncate(keep);
                    full.truncate(keep);
                    if (start % RING + count > RING) {
                        wrappedRollbacks++;
                    }
                    if (keep == start) {
                        fullRejections++;
                    }
                }
                if (keep > start) { // the drafter reads the hidden row of the newest kept position
                    int row = keep - 1 - start;
                    int last = 3 + rnd.nextInt(V - 3);
                    float[] u = {rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat()};
                    int[] ta = new int[steps];
                    int[] tb = new int[steps];
                    float[] qa = new float[steps * V];
                    float[] qb = new float[steps * V];
                    ringPlan.replay(last, row, u, ta, qa);
                    fullPlan.replay(last, row, u, tb, qb);
                    assertArrayEquals(tb, ta, "sampled drafts at " + keep);
                    assertArrayEquals(qb, qa, "draft distributions at " + keep);
                    ringEager.replay(last, row, null, ta, null);
                    fullEager.replay(last, row, null, tb, null);
                    assertArrayEquals(tb, ta, "greedy eager drafts at " + keep);
                    drafts++;
                }
            }
            assertTrue(
                    wrappedRollbacks >= 10, "rollbacks of forwards that crossed the wrap point: " + wrappedRollbacks);
            assertTrue(fullRejections >= 10, "rollbacks to the start of the latest forward: " + fullRejections);
            assertTrue(drafts >= 100, "draft replays compared: " + drafts);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void greedySpeculativeDecodingWithRejectionsMatchesTheFullCacheAndPlainGreedy(int k) {
        try (CpuBackend ringCpu = open(KvCacheLayout.RING, true);
                CpuBackend fullCpu = open(KvCacheLayout.FULL, true)) {
            int[] prompt = TinyModels.prompt(8, 7);
            GenerationOptions opts =
                    GenerationOptions.greedy(MAX_SEQ - prompt.length - 2).withLogProbs(true);
            GenerationResult plainFull = new DefaultGenerator(fullCpu).generate(prompt, opts, new SplittableRandom(1));
            GenerationResult plainRing = new DefaultGenerator(ringCpu).generate(prompt, opts, new SplittableRandom(1));
            assertEquals(plainFull.tokens(), plainRing.tokens());
            assertEquals(plainFull.logProbs(), plainRing.logProbs());
            int[] reference = IntStream.concat(
                            Arrays.stream(prompt), plainFull.tokens().stream().mapToInt(Integer::intValue))
                    .toArray();
            SteeredBackend ring = new SteeredBackend(ringCpu, 0.7, new SplittableRandom(3));
            SteeredBackend full = new SteeredBackend(fullCpu, 0.7, new SplittableRandom(3));
            ring.reference(reference);
            full.reference(reference);
            try (SpeculativeGenerator specRing = new SpeculativeGenerator(ring, SpeculativeOptions.of(k));
                    SpeculativeGenerator specFull = new SpeculativeGenerator(full, SpeculativeOptions.of(k))) {
                GenerationResult r = specRing.generate(prompt, opts, new SplittableRandom(1));
                GenerationResult f = specFull.generate(prompt, opts, new SplittableRandom(1));
                assertEquals(plainFull.tokens(), r.tokens(), "K " + k);
                assertEquals(plainFull.logProbs(), r.logProbs(), "K " + k);
                assertEquals(f.tokens(), r.tokens());
                assertEquals(f.acceptance(), r.acceptance());
                AcceptanceStats stats = r.acceptance().orElseThrow();
                assertTrue(stats.acceptedTokens() > 0, "some drafts accepted: " + stats);
                assertTrue(stats.acceptedTokens() < stats.draftedTokens(), "some drafts rejected: " + stats);
                assertTrue(r.targetForwards() < plainFull.targetForwards());
            }
        }
    }

    @Test
    void rejectionSamplingWithAFixedSeedMatchesTheFullCache() {
        try (CpuBackend ring = open(KvCacheLayout.RING, true);
                CpuBackend full = open(KvCacheLayout.FULL, true);
                SpeculativeGenerator specRing = new SpeculativeGenerator(ring, SpeculativeOptions.of(4));
                SpeculativeGenerator specFull = new SpeculativeGenerator(full, SpeculativeOptions.of(4))) {
            int[] prompt = TinyModels.prompt(9, 6);
            GenerationOptions opts = GenerationOptions.greedy(MAX_SEQ - prompt.length - 2)
                    .withSampling(SamplingOptions.temperature(1.0))
                    .withLogProbs(true);
            for (long seed = 0; seed < 3; seed++) {
                GenerationResult r = specRing.generate(prompt, opts, new SplittableRandom(seed));
                GenerationResult f = specFull.generate(prompt, opts, new SplittableRandom(seed));
                assertEquals(f.tokens(), r.tokens(), "seed " + seed);
                assertEquals(f.logProbs(), r.logProbs(), "seed " + seed);
                assertEquals(f.acceptance(), r.acceptance(), "seed " + seed);
                assertEquals(MAX_SEQ - prompt.length - 2, r.tokens().size());
                AcceptanceStats stats = r.acceptance().orElseThrow();
                assertTrue(stats.acceptedTokens() < stats.draftedTokens(), "some drafts rejected: " + stats);
            }
        }
    }

    @Test
    void aRollbackPastWhatTheRingHoldsIsRefusedAndLosesNothing() {
        try (CpuBackend ring = open(KvCacheLayout.RING, false);
                CpuBackend full = open(KvCacheLayout.FULL, false)) {
            int[] tokens = TinyModels.prompt(5, 30);
            float[] a = new float[MAX_BATCH * V];
            float[] b = new float[MAX_BATCH * V];
            for (int s = 0; s < tokens.length; s += MAX_BATCH) {
                ring.forward(Arrays.copyOfRange(tokens, s, s + MAX_BATCH), MAX_BATCH, a, false);
                full.forward(Arrays.copyOfRange(tokens, s, s + MAX_BATCH), MAX_BATCH, b, false);
            }
            // the newest write (position 29) dropped position 19; length 20 would need 15..19 for the drafter
            CollabException e = assertThrows(CollabException.class, () -> ring.truncate(20));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertTrue(e.getMessage().contains("ring"), e.getMessage());
            assertEquals(30, ring.length(), "a refused rollback changes nothing");
            ring.truncate(25); // the start of the latest forward: always allowed
            full.truncate(25);
            ring.forward(new int[] {7}, 1, a, false);
            full.forward(new int[] {7}, 1, b, false);
            assertArrayEquals(Arrays.copyOf(b, V), Arrays.copyOf(a, V));
            full.truncate(10); // the full-length cache can go anywhere back
            ring.truncate(0); // and the ring can always start over
            assertEquals(0, ring.length());
        }
    }

    private static CpuBackend open(KvCacheLayout layout, boolean drafter) {
        return CpuBackend.open(
                TinyModels.targetCheckpoint(31),
                drafter ? Optional.of(TinyModels.drafterCheckpoint(32)) : Optional.empty(),
                new BackendOptions(MAX_SEQ, MAX_BATCH, 1, layout));
    }

    private static int argmax(float[] logits, int off) {
        int best = 0;
        for (int i = 1; i < V; i++) {
            if (logits[off + i] > logits[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
