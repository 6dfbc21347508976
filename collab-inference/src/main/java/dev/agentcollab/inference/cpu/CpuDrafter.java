package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.model.WeightShapes;
import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.Arrays;

/**
 * The Gemma 4 MTP drafter on the CPU, as blocks over explicit {@link DraftBuffers} so that the eager loop and the
 * recorded plan run the very same arithmetic. It owns no K/V: draft layer queries attend to the target's cache of
 * the last K/V-owning target layer of the same type, at a constant position (the position of the input token).
 */
final class CpuDrafter {
    final DrafterConfig dc;
    final ModelConfig t;
    final CpuTarget target;
    final CpuOps ops;
    final Matrix preProjection;
    final Matrix postProjection;
    final float[] finalNorm;
    final Matrix head;
    final Matrix centroids;
    final int[] tokenOrdering;
    final CpuLayerWeights[] layers;

    CpuDrafter(DrafterCheckpoint ck, CpuTarget target, WeightFormat format) {
        this.dc = ck.config();
        this.t = dc.text();
        this.target = target;
        this.ops = target.ops;
        dc.checkCompatible(target.cfg);
        var w = ck.tensors();
        int hd = t.hiddenSize();
        int bb = dc.backboneHiddenSize();
        preProjection = CpuLayerWeights.mat(w, WeightNames.PRE_PROJECTION, hd, 2 * bb, format, target.chunking);
        postProjection = CpuLayerWeights.mat(w, WeightNames.POST_PROJECTION, bb, hd, format, target.chunking);
        finalNorm = CpuLayerWeights.req(w, WeightNames.NORM, hd);
        head = CpuLayerWeights.mat(w, WeightNames.EMBED, t.vocabSize(), hd, format, target.chunking);
        if (dc.useOrderedEmbeddings()) {
            centroids = CpuLayerWeights.mat(w, WeightNames.CENTROIDS, dc.numCentroids(), hd, format, target.chunking);
            tokenOrdering = WeightShapes.tokenOrdering(ck.tensor(WeightNames.TOKEN_ORDERING), t.vocabSize());
        } else {
            centroids = null;
            tokenOrdering = null;
        }
        layers = new CpuLayerWeights[t.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = CpuLayerWeights.load(w, t, l, false, false, format, target.chunking);
        }
    }

    /** Step input: concat(target embedding(token) * sqrt(H), hidden) then pre_projection. */
    void input(DraftBuffers b, int token, float[] hiddenSrc, int hiddenOff) {
        int bb = dc.backboneHiddenSize();
        float scale = (float) Math.sqrt(bb);
        target.embed.row(token, scale, b.in, 0);
        System.arraycopy(hiddenSrc, hiddenOff, b.in, bb, bb);
        ops.matmul(preProjection, t.hiddenSize(), 2 * bb, b.in, 0, 1, b.x, 0);
    }

    /** Q-only attention block of draft layer {@code l} at {@code pos}, over target cache {@code [0, pos)}. */
    void attention(DraftBuffers b, int l, int pos) {
        CpuLayerWeights w = layers[l];
        int h = t.hiddenSize();
        int hd = t.headDim(l);
        int nh = t.numHeads();
        int nkv = t.numKvHeads();
        float eps = (float) t.rmsNormEps();
        LayerType type = t.layerType(l);
        int src = target.cfg.lastKvOwner(type);
        RopeTable rope = target.rope(type);
        CpuOps.rmsNorm(b.x, 0, h, w.inputNorm(), eps, b.xn, 0);
        ops.matmul(w.qProj(), nh * hd, h, b.xn, 0, 1, b.q, 0);
        int lo = type == LayerType.SLIDING ? Math.max(0, pos - dc.slidingKeys()) : 0;
        for (int hh = 0; hh < nh; hh++) {
            CpuOps.rmsNorm(b.q, hh * hd, hd, w.qNorm(), eps, b.q, hh * hd);
            rope.apply(b.q, hh * hd, pos);
            int kvh = hh / (nh / nkv);
            ops.attendHead(
                    b.q,
                    hh * hd,
                    target.kCache[src],
                    target.vCache[src],
                    target.kvPlan.capacity(src),
                    nkv * hd,
                    kvh * hd,
                    hd,
                    lo,
                    pos - 1,
                    b.scores,
                    hh * target.maxSeq,
                    b.attn,
                    hh * hd);
        }
        ops.matmul(w.oProj(), h, nh * hd, b.attn, 0, 1, b.o, 0);
        CpuOps.rmsNorm(b.o, 0, h, w.postAttnNorm(), eps, b.o, 0);
        for (int i = 0; i < h; i++) {
            b.x[i] += b.o[i];
        }
    }

    /** MLP block of draft layer {@code l}, then the layer scalar. */
    void mlp(DraftBuffers b, int l) {
        CpuLayerWeights w = layers[l];
        int h = t.hiddenSize();
        int inter = t.intermediateSize();
        float eps = (float) t.rmsNormEps();
        CpuOps.rmsNorm(b.x, 0, h, w.preFfnNorm(), eps, b.xn, 0);
        ops.matmul(w.gate(), inter, h, b.xn, 0, 1, b.gate, 0);
        ops.matmul(w.up(), inter, h, b.xn, 0, 1, b.up, 0);
        for (int i = 0; i < inter; i++) {
            b.gate[i] = CpuOps.gelu(b.gate[i]) * b.up[i];
        }
        ops.matmul(w.down(), h, inter, b.gate, 0, 1, b.o, 0);
        CpuOps.rmsNorm(b.o, 0, h, w.postFfnNorm(), eps, b.o, 0);
        for (int i = 0; i < h; i++) {
            b.x[i] = (b.x[i] + b.o[i]) * w.layerScalar();
        }
    }

    /** Final norm, post_projection (next step's hidden) and the (clustered) output logits, never soft-capped. */
    void output(DraftBuffers b) {
        int h = t.hiddenSize();
        CpuOps.rmsNorm(b.x, 0, h, finalNorm, (float) t.rmsNormEps(), b.hNorm, 0);
        ops.matmul(postProjection, dc.backboneHiddenSize(), h, b.hNorm, 0, 1, b.hiddenOut, 0);
        if (!dc.useOrderedEmbeddings()) {
            ops.matmul(head, t.vocabSize(), h, b.hNorm, 0, 1, b.logits, 0);
        } else {
            ops.matmul(centroids, dc.numCentroids(), h, b.hNorm, 0, 1, b.centroidLogits, 0);
            topK(b.centroidLogits, b.topCentroids);
            Arrays.fill(b.logits, Float.NEGATIVE_INFINITY);
            int per = dc.tokensPerCentroid();
            float min = Float.POSITIVE_INFINITY;
            for (int c : b.topCentroids) {
                for (int j = 0; j < per; j++) {
                    int tok = tokenOrdering[c * per + j];
                    float v = head.dot(ops.kernels(), tok, b.hNorm, 0);
                    b.logits[tok] = v;
                    min = Math.min(min, v);
                }
            }
            fillUnselected(b.logits, min);
        }
        // no soft-cap: HF's assistant returns its head's logits as they are, whatever its text config says
    }

    /** Chooses the step's token: argmax, or inverse CDF of the processed distribution (written to probs). */
    void choose(DraftBuffers b, SamplingOptions s, float uniform, int[] tokens, int step, float[] probs) {
        int vocab = t.vocabSize();
        if (s.isGreedy()) {
            b.token = Sampler.argmax(b.logits, 0, vocab);
        } else {
            b.sampler.distribution(b.logits, 0, s, probs, step * vocab);
            b.token = b.sampler.sample(probs, step * vocab, uniform);
        }
        tokens[step] = b.token;
    }

    /** The eager loop: fresh buffers each call, blocks run in program order. */
    void draftEager(
            int lastToken, int hiddenRow, int steps, SamplingOptions s, float[] uniforms, int[] tokens, float[] probs) {
        DraftBuffers b = new DraftBuffers(dc, target.maxSeq);
        int pos = target.length();
        for (int step = 0; step < steps; step++) {
            if (step == 0) {
                input(b, lastToken, target.hidden, hiddenRow * dc.backboneHiddenSize());
            } else {
                input(b, b.token, b.hiddenOut.clone(), 0);
            }
            for (int l = 0; l < layers.length; l++) {
                attention(b, l, pos);
                mlp(b, l);
            }
            output(b);
            choose(b, s, s.isGreedy() ? 0f : uniforms[step], tokens, step, probs);
        }
    }

    /**
     * HF's masked embedder: every token outside the chosen clusters gets the smallest selected logit minus one
     * ({@code Gemma4AssistantMaskedEmbedder}), so a sampled draft distribution has mass there too.
     *
     * @param logits the vocabulary row, {@code -inf} where no cluster chose the token
     * @param selectedMin the smallest selected logit
     */
    static void fillUnselected(float[] logits, float selectedMin) {
        float fill = selectedMin - 1f;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] == Float.NEGATIVE_INFINITY) {
                logits[i] = fill;
            }
        }
    }

    /** Indices of the {@code out.length} largest values, best first (lower index on ties). */
    static void topK(float[] values, int[] out) {
        int k = out.length;
        int filled = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (filled == k && v <= values[out[k - 1]]) {
                continue;
            }
            int j = filled < k ? filled++ : k - 1;
            while (j > 0 && values[out[j - 1]] < v) {
                out[j] = out[j - 1];
                j--;
            }
            out[j] = i;
        }
    }
}
