package dev.agentcollab.inference.pair;

import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Builds target/drafter pairs whose drafter really predicts its target, through the ordinary drafter code path.
 *
 * <p>The target's greedy next token is, most of the time, a fixed function of its current token: a permutation
 * {@code successor} of the vocabulary made of cycles. Each token {@code t} has a direction {@code u_t} (a random
 * token part plus a shared part of its cluster); the embedding row is {@code s * u_t} and the untied head row of
 * {@code successor(t)} is {@code u_t}, so the residual stream's skip path scores {@code successor(t)} first. The
 * layers are random and add a context-dependent perturbation on top (their post-norm outputs have unit scale
 * whatever the skip path's), so the skip scale {@code s} sets how often the target departs from the function. Each
 * token class of the {@link AcceptanceProfile} gets its own scale, calibrated by bisection against teacher-forced
 * forwards of the target on random tokens; every cycle of the permutation lies inside one class, so a draft chain
 * stays in its class and acceptance per position decays as the profile says.
 *
 * <p>The drafter carries the same function: its {@code pre_projection} maps the target embedding it is fed through
 * a random projection {@code Q} (and ignores the hidden-state half), its layers add nothing (zero post-norm
 * weights), its head row of {@code successor(t)} is {@code Q u_t} and its centroid of cluster {@code c} is
 * {@code Q g_c} (both scaled to unit length), where cluster {@code c} owns the successors of the tokens whose shared part is {@code g_c}. It never
 * sees the perturbation, so it is right exactly when the target follows the function.
 */
public final class AcceptingPairs {
    private static final int CYCLE_LENGTH = 16;
    private static final double CLUSTER_SHARE = 0.35;
    private static final int CALIBRATION_TOKENS = 256;
    private static final int BISECTION_STEPS = 14;
    private static final int TUNING_ROUNDS = 1;
    private static final int TUNING_PROMPTS = 24;
    private static final int TUNING_K = 7;

    private AcceptingPairs() {}

    /**
     * Builds and calibrates a pair.
     *
     * @param targetShape the target's shape (made untied; soft-cap, PLE and layer pattern are kept)
     * @param drafterShape the drafter's shape (its backbone must equal the target's hidden size)
     * @param profile the acceptance profile
     * @param seed the seed of every random choice
     * @return the pair
     */
    public static AcceptingPair build(
            ModelConfig targetShape, DrafterConfig drafterShape, AcceptanceProfile profile, long seed) {
        return build(targetShape, drafterShape, profile, seed, TUNING_ROUNDS);
    }

    /**
     * Builds and calibrates a pair with a given number of tuning rounds (each measures acceptance with real drafter
     * forwards on 24 random prompts and corrects the follow targets and class sizes; 0 keeps the profile's first
     * guess, calibrated by bisection only).
     *
     * @param targetShape the target's shape (made untied; soft-cap, PLE and layer pattern are kept)
     * @param drafterShape the drafter's shape (its backbone must equal the target's hidden size)
     * @param profile the acceptance profile
     * @param seed the seed of every random choice
     * @param tuningRounds measured correction rounds, 0 or more
     * @return the pair
     */
    public static AcceptingPair build(
            ModelConfig targetShape,
            DrafterConfig drafterShape,
            AcceptanceProfile profile,
            long seed,
            int tuningRounds) {
        if (tuningRounds < 0) {
            throw new IllegalArgumentException("tuningRounds must be >= 0, but was " + tuningRounds);
        }
        ModelConfig cfg = targetShape.toBuilder().tieWordEmbeddings(false).build();
        drafterShape.checkCompatible(cfg);
        SplittableRandom random = new SplittableRandom(seed);
        int vocab = cfg.vocabSize();
        int h = cfg.hiddenSize();
        int clusters = drafterShape.useOrderedEmbeddings() ? drafterShape.numCentroids() : 1;
        int per = vocab / clusters;

        // cluster of each source token, and the token directions u_t = a * r_t + b * g_cluster
        int[] shuffled = shuffledIds(random, 0, vocab);
        int[] cluster = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            cluster[shuffled[i]] = i / per;
        }
        float[][] g = gaussianRows(random, clusters, h);
        float[][] u = gaussianRows(random, vocab, h);
        double b = Math.sqrt(CLUSTER_SHARE);
        double a = Math.sqrt(1 - CLUSTER_SHARE);
        for (int t = 0; t < vocab; t++) {
            for (int i = 0; i < h; i++) {
                u[t][i] = (float) (a * u[t][i] + b * g[cluster[t]][i]);
            }
        }

        int first = AcceptanceMeter.FIRST_REGULAR_ID;
        int[] regular = shuffledIds(random, first, vocab);
        Map<String, Tensor> layers =
                new HashMap<>(RandomCheckpoints.target(cfg, random.split()).tensors());
        put(layers, WeightNames.NORM, ones(h), h);
        for (int l = 0; l < cfg.numLayers(); l++) {
            put(layers, WeightNames.layer(l, "layer_scalar"), new float[] {1f}, 1);
        }
        long calibrationSeed = random.nextLong();
        long tuningSeed = random.nextLong();

        // first guess from the profile, then correct the follow targets (level) and, with two or more classes, the
        // class sizes (decay) from the acceptance measured with real drafter forwards
        double[] fractions = profile.vocabularyFractions();
        double[] follows = profile.classes().stream()
                .mapToDouble(AcceptanceProfile.TokenClass::follow)
                .toArray();
        List<Double> expected = profile.expected(TUNING_K);
        long drafterSeed = random.nextLong();
        for (int round = 0; ; round++) {
            Built built = target(cfg, layers, u, regular, fractions, follows, calibrationSeed);
            DrafterCheckpoint drafter =
                    drafter(drafterShape, u, g, cluster, built.successor, clusters, new SplittableRandom(drafterSeed));
            if (round == tuningRounds) {
                return new AcceptingPair(built.target, drafter, profile, built.successor, built.scales);
            }
            List<Double> m = AcceptanceMeter.measure(built.target, drafter, TUNING_K, TUNING_PROMPTS, 96, tuningSeed)
                    .perPosition();
            double level = expected.get(0) - m.get(0);
            for (int c = 0; c < follows.length; c++) {
                follows[c] = Math.clamp(follows[c] + level, 0.0, 0.99);
            }
            if (fractions.length > 1 && m.get(0) > 0) {
                double decay = (expected.get(3) / expected.get(0)) / Math.max(0.05, m.get(3) / m.get(0));
                fractions[0] = Math.clamp(fractions[0] * Math.sqrt(decay), 0.02, 0.98);
                double rest = 0;
                for (int c = 1; c < fractions.length; c++) {
                    rest += fractions[c];
                }
                for (int c = 1; c < fractions.length; c++) {
                    fractions[c] *= (1 - fractions[0]) / rest;
                }
            }
        }
    }

    /** A target with its successor function, token classes and class scales. */
    private record Built(Checkpoint target, int[] successor, int[] tokenClass, List<Double> scales) {}

    /**
     * The target for given class sizes and follow targets: classes take consecutive runs of the shuffled regular
     * ids, each cut into cycles of the successor permutation (special ids map to themselves), and each class scale
     * is calibrated to its follow target.
     */
    private static Built target(
            ModelConfig cfg,
            Map<String, Tensor> layers,
            float[][] u,
            int[] regular,
            double[] fractions,
            double[] follows,
            long calibrationSeed) {
        int vocab = cfg.vocabSize();
        int h = cfg.hiddenSize();
        int first = AcceptanceMeter.FIRST_REGULAR_ID;
        int[] successor = new int[vocab];
        int[] tokenClass = new int[vocab];
        for (int t = 0; t < first; t++) {
            successor[t] = t;
        }
        int start = 0;
        for (int c = 0; c < fractions.length; c++) {
            int end = c == fractions.length - 1
                    ? regular.length
                    : Math.min(regular.length, start + Math.max(1, (int) Math.round(fractions[c] * regular.length)));
            int cycles = Math.max(1, (end - start) / CYCLE_LENGTH);
            for (int j = 0; j < cycles; j++) {
                int cs = start + j * CYCLE_LENGTH;
                int ce = j == cycles - 1 ? end : cs + CYCLE_LENGTH;
                for (int i = cs; i < ce; i++) {
                    tokenClass[regular[i]] = c;
                    successor[regular[i]] = regular[i + 1 < ce ? i + 1 : cs];
                }
            }
            start = end;
        }
        checkPermutation(successor);
        Map<String, Tensor> t = new HashMap<>(layers);
        float[] head = new float[vocab * h];
        for (int s = first; s < vocab; s++) {
            System.arraycopy(u[s], 0, head, successor[s] * h, h);
        }
        put(t, WeightNames.LM_HEAD, head, vocab, h);
        List<Double> scales = new ArrayList<>();
        for (int c = 0; c < follows.length; c++) {
            scales.add(calibrate(cfg, t, u, successor, follows[c], new SplittableRandom(calibrationSeed + c)));
        }
        float[] embed = new float[vocab * h];
        for (int s = 0; s < vocab; s++) {
            double scale = s < first ? 1.0 : scales.get(tokenClass[s]);
            for (int i = 0; i < h; i++) {
                embed[s * h + i] = (float) (scale * u[s][i]);
            }
        }
        put(t, WeightNames.EMBED, embed, vocab, h);
        return new Built(new Checkpoint(cfg, t), successor, tokenClass, scales);
    }

    /**
     * The drafter: {@code pre_projection = [Q | 0]}, silent layers, head row {@code successor(t) = Q u_t}, centroid
     * {@code c = Q g_c}, cluster {@code c} owning the successors of cluster-c tokens.
     */
    static DrafterCheckpoint drafter(
            DrafterConfig dc,
            float[][] u,
            float[][] g,
            int[] cluster,
            int[] successor,
            int clusters,
            SplittableRandom random) {
        ModelConfig text = dc.text();
        int vocab = text.vocabSize();
        int dh = text.hiddenSize();
        int bb = dc.backboneHiddenSize();
        float[][] q = gaussianRows(random, dh, bb);
        Map<String, Tensor> d =
                new HashMap<>(RandomCheckpoints.drafter(dc, random.split()).tensors());
        float[] pre = new float[dh * 2 * bb];
        for (int r = 0; r < dh; r++) {
            System.arraycopy(q[r], 0, pre, r * 2 * bb, bb);
        }
        put(d, WeightNames.PRE_PROJECTION, pre, dh, 2 * bb);
        put(d, WeightNames.NORM, ones(dh), dh);
        float[] head = new float[vocab * dh];
        for (int s = AcceptanceMeter.FIRST_REGULAR_ID; s < vocab; s++) {
            project(q, u[s], head, successor[s] * dh);
            normalize(head, successor[s] * dh, dh);
        }
        put(d, WeightNames.EMBED, head, vocab, dh);
        if (dc.useOrderedEmbeddings()) {
            float[] centroids = new float[clusters * dh];
            for (int c = 0; c < clusters; c++) {
                project(q, g[c], centroids, c * dh);
                normalize(centroids, c * dh, dh);
            }
            put(d, WeightNames.CENTROIDS, centroids, clusters, dh);
            int per = vocab / clusters;
            int[] ordering = new int[vocab];
            int[] filled = new int[clusters];
            for (int s = 0; s < vocab; s++) {
                int c = cluster[s];
                ordering[c * per + filled[c]++] = successor[s];
            }
            d.put(
                    WeightNames.TOKEN_ORDERING,
                    Tensor.ofInts(WeightNames.TOKEN_ORDERING, DType.I64, ordering, ordering.length));
        }
        for (int l = 0; l < text.numLayers(); l++) {
            put(d, WeightNames.layer(l, "post_attention_layernorm.weight"), new float[dh], dh);
            put(d, WeightNames.layer(l, "post_feedforward_layernorm.weight"), new float[dh], dh);
            put(d, WeightNames.layer(l, "layer_scalar"), new float[] {1f}, 1);
        }
        return new DrafterCheckpoint(dc, d);
    }

    /**
     * The skip scale at which the target follows {@code successor} with probability {@code follow} on random
     * tokens: bisection on a log scale over teacher-forced forwards with every token at the same scale, over a context that
     * follows the successor chain at the rate being calibrated (as generation would).
     */
    private static double calibrate(
            ModelConfig cfg,
            Map<String, Tensor> tensors,
            float[][] u,
            int[] successor,
            double follow,
            SplittableRandom random) {
        // the context looks like generation: the successor chain, left for a random token at rate 1 - follow
        int[] tokens = AcceptanceMeter.randomTokens(random, CALIBRATION_TOKENS, cfg.vocabSize());
        for (int i = 1; i < tokens.length; i++) {
            if (random.nextDouble() < follow) {
                tokens[i] = successor[tokens[i - 1]];
            }
        }
        double lo = Math.log(0.02);
        double hi = Math.log(50);
        if (followRate(cfg, tensors, u, successor, Math.exp(lo), tokens) >= follow) {
            return Math.exp(lo);
        }
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = (lo + hi) / 2;
            if (followRate(cfg, tensors, u, successor, Math.exp(mid), tokens) < follow) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    private static double followRate(
            ModelConfig cfg, Map<String, Tensor> tensors, float[][] u, int[] successor, double scale, int[] tokens) {
        int h = cfg.hiddenSize();
        float[] embed = new float[cfg.vocabSize() * h];
        for (int s = 0; s < u.length; s++) {
            for (int i = 0; i < h; i++) {
                embed[s * h + i] = (float) (scale * u[s][i]);
            }
        }
        Map<String, Tensor> t = new HashMap<>(tensors);
        put(t, WeightNames.EMBED, embed, cfg.vocabSize(), h);
        int chunk = 64;
        int window = Math.min(tokens.length, cfg.maxPositionEmbeddings());
        int followed = 0;
        try (CpuBackend cpu =
                CpuBackend.open(new Checkpoint(cfg, t), Optional.empty(), new BackendOptions(window, chunk, 1))) {
            int[] argmax = new int[chunk];
            for (int off = 0; off < tokens.length; off += chunk) {
                if (cpu.length() + chunk > window) {
                    cpu.truncate(0);
                }
                int n = Math.min(chunk, tokens.length - off);
                int[] part = java.util.Arrays.copyOfRange(tokens, off, off + n);
                cpu.forwardArgmax(part, n, argmax);
                for (int r = 0; r < n; r++) {
                    followed += argmax[r] == successor[part[r]] ? 1 : 0;
                }
            }
        }
        return (double) followed / tokens.length;
    }

    private static void checkPermutation(int[] successor) {
        boolean[] hit = new boolean[successor.length];
        for (int s : successor) {
            if (hit[s]) {
                throw new IllegalStateException("successor is not a permutation");
            }
            hit[s] = true;
        }
    }

    private static int[] shuffledIds(SplittableRandom random, int from, int to) {
        int[] ids = new int[to - from];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = from + i;
        }
        for (int i = ids.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = ids[i];
            ids[i] = ids[j];
            ids[j] = tmp;
        }
        return ids;
    }

    private static float[][] gaussianRows(SplittableRandom random, int rows, int cols) {
        float[][] out = new float[rows][cols];
        double std = 1.0 / Math.sqrt(cols);
        for (float[] row : out) {
            for (int i = 0; i < cols; i++) {
                row[i] = (float) (random.nextGaussian() * std);
            }
        }
        return out;
    }

    private static void project(float[][] q, float[] v, float[] out, int off) {
        for (int r = 0; r < q.length; r++) {
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                sum += q[r][i] * v[i];
            }
            out[off + r] = (float) sum;
        }
    }

    private static void normalize(float[] v, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) v[off + i] * v[off + i];
        }
        float inv = sum == 0 ? 0f : (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < n; i++) {
            v[off + i] *= inv;
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }

    private static void put(Map<String, Tensor> t, String name, float[] v, int... shape) {
        t.put(name, Tensor.ofFloats(name, DType.F32, v, shape));
    }
}
