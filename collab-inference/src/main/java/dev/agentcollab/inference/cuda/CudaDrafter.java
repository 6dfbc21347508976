package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.model.WeightShapes;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;

/**
 * The Gemma 4 MTP drafter on the GPU, the same blocks as the CPU drafter: input = concat(target embedding * sqrt(H),
 * hidden) through {@code pre_projection}; Q-only layers attending to the target's cache of the last K/V-owning target
 * layer of the same type at a constant position; final norm; {@code post_projection} (next step's hidden); and the
 * full or clustered (centroid top-k) output head. Every per-replay value (positions, the accepted token, the hidden
 * row) is read from {@link #control}, so a captured K-step loop stays valid. Not thread-safe.
 */
final class CudaDrafter implements AutoCloseable {
    /** Index in {@link #control} of the RoPE position of the draft queries (= target length). */
    static final int ROPE_POS = 0;
    /** Index of the last attended key position (= target length - 1). */
    static final int ATTN_POS = 1;
    /** Index of the newest accepted token. */
    static final int LAST_TOKEN = 2;
    /** Index of the target hidden row that produced the newest token. */
    static final int HIDDEN_ROW = 3;
    /** Index of a constant zero (hidden row of steps after the first). */
    static final int ZERO = 4;
    /** Index of the first proposed token; step i writes {@code FIRST_DRAFT + i}. */
    static final int FIRST_DRAFT = 5;

    /** Most draft steps per replay (the control block's draft and uniform slots). */
    final int maxSteps;

    final DrafterConfig dc;
    final ModelConfig t;
    /** Device ints: see the index constants. */
    final DeviceBuffer control;
    /** Candidate logits of the latest step ({@code topK * tokensPerCentroid}) or full logits ({@code vocab}). */
    final DeviceBuffer logits;
    /** Token ids of {@link #logits} entries for the clustered head; unused for the full head. */
    final DeviceBuffer candidateIds;

    private final CudaKernels k;
    private final CudaTarget target;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final DeviceBuffer preProjection;
    private final DeviceBuffer postProjection;
    private final DeviceBuffer finalNorm;
    private final DeviceBuffer head;
    private final DeviceBuffer centroids;
    private final DeviceBuffer tokenOrdering;
    private final CudaLayerWeights[] layers;
    private final DeviceBuffer in;
    private final DeviceBuffer x;
    private final DeviceBuffer xn;
    private final DeviceBuffer q;
    private final DeviceBuffer attn;
    private final DeviceBuffer o;
    private final DeviceBuffer gate;
    private final DeviceBuffer up;
    private final DeviceBuffer hNorm;
    private final DeviceBuffer hiddenOut;
    private final DeviceBuffer centroidLogits;
    private final DeviceBuffer topV;
    private final DeviceBuffer topI;
    private final DeviceBuffer scratchV;
    private final DeviceBuffer scratchI;
    private final DeviceBuffer partV;
    private final DeviceBuffer partI;

    CudaDrafter(DrafterCheckpoint ck, CudaTarget target, CudaKernels kernels, int maxSteps) {
        this.dc = ck.config();
        this.t = dc.text();
        this.target = target;
        this.k = kernels;
        dc.checkCompatible(target.cfg);
        Map<String, Tensor> w = ck.tensors();
        int hd = t.hiddenSize();
        int bb = dc.backboneHiddenSize();
        preProjection = own(CudaUploads.bf16(w, WeightNames.PRE_PROJECTION, hd, 2 * bb));
        postProjection = own(CudaUploads.bf16(w, WeightNames.POST_PROJECTION, bb, hd));
        finalNorm = own(CudaUploads.f32(w, WeightNames.NORM, hd));
        head = own(CudaUploads.bf16(w, WeightNames.EMBED, t.vocabSize(), hd));
        layers = new CudaLayerWeights[t.numLayers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = own(new CudaLayerWeights(w, t, l));
        }
        boolean ordered = dc.useOrderedEmbeddings();
        int candidates = ordered ? dc.centroidTopK() * dc.tokensPerCentroid() : t.vocabSize();
        centroids = ordered ? own(CudaUploads.bf16(w, WeightNames.CENTROIDS, dc.numCentroids(), hd)) : null;
        tokenOrdering = ordered ? own(DeviceBuffer.of(tokenOrdering(ck))) : null;
        int hdMax = Math.max(t.headDim(), t.globalHeadDim());
        this.maxSteps = maxSteps;
        control = own(DeviceBuffer.ints(controlLength(maxSteps)));
        in = own(DeviceBuffer.floats(2L * bb));
        x = own(DeviceBuffer.floats(hd));
        xn = own(DeviceBuffer.floats(hd));
        q = own(DeviceBuffer.floats((long) t.numHeads() * hdMax));
        attn = own(DeviceBuffer.floats((long) t.numHeads() * hdMax));
        o = own(DeviceBuffer.floats(hd));
        gate = own(DeviceBuffer.floats(t.intermediateSize()));
        up = own(DeviceBuffer.floats(t.intermediateSize()));
        hNorm = own(DeviceBuffer.floats(hd));
        hiddenOut = own(DeviceBuffer.floats(bb));
        logits = own(DeviceBuffer.floats(candidates));
        candidateIds = own(DeviceBuffer.ints(candidates));
        int topK = ordered ? dc.centroidTopK() : 1;
        centroidLogits = own(DeviceBuffer.floats(ordered ? dc.numCentroids() : 1));
        topV = own(DeviceBuffer.floats(topK));
        topI = own(DeviceBuffer.ints(topK));
        int scratch = ordered ? CudaKernels.topkScratch(dc.numCentroids(), topK) : 1;
        scratchV = own(DeviceBuffer.floats(scratch));
        scratchI = own(DeviceBuffer.ints(scratch));
        partV = own(DeviceBuffer.floats(CudaKernels.ARGMAX_PARTS));
        partI = own(DeviceBuffer.ints(CudaKernels.ARGMAX_PARTS));
    }

    /**
     * Ints in the control block: the fixed slots, one draft slot per step, then one uniform (float bits) per step.
     *
     * @param maxSteps most draft steps
     * @return the length
     */
    static int controlLength(int maxSteps) {
        return FIRST_DRAFT + 2 * maxSteps;
    }

    /**
     * Index in {@link #control} of the uniform (as float bits) that sampled step {@code i} draws with.
     *
     * @param i the step
     * @return the slot
     */
    int uniformSlot(int i) {
        return FIRST_DRAFT + maxSteps + i;
    }

    /**
     * Whether sampled steps with these settings can draw on the device. {@code sample_candidates} draws over the
     * clustered head's candidates only, as if every other token had logit {@code -inf}; HF's masked embedder gives
     * every other token the smallest selected logit minus one, and so some of the mass. A top-k cut of at most the
     * candidate count removes those tokens again (they rank below every candidate) and leaves the candidates' relative
     * probabilities, and with them the top-p cut, unchanged, so the device draws HF's distribution there. Any other
     * setting (no top-k, or a top-k above the candidate count) draws on the host ({@link CudaDraftPlan}), which
     * applies the fill.
     *
     * @param sampling the plan's (non-greedy) settings
     * @return true for device sampling
     */
    boolean samplesOnDevice(SamplingOptions sampling) {
        return dc.useOrderedEmbeddings()
                && candidateCount() <= CudaKernels.SAMPLE_MAX
                && sampling.topK() > 0
                && sampling.topK() <= candidateCount();
    }

    /**
     * Queues the draw of sampled step {@code i} after {@link #enqueueStep(int, boolean) enqueueStep(i, false)}: the
     * distribution goes to {@code probsRow} ({@code vocab} floats) and the token to control slot {@code FIRST_DRAFT + i},
     * where step i+1 reads it.
     *
     * @param i the step
     * @param sampling temperature, top-k and top-p (not greedy)
     * @param probsRow device memory for the step's distribution
     */
    void enqueueSample(int i, SamplingOptions sampling, Pointer probsRow) {
        k.sampleCandidates(
                logits.ptr(),
                candidateIds.ptr(),
                candidateCount(),
                t.vocabSize(),
                1.0 / sampling.temperature(),
                sampling.topK(),
                sampling.topP(),
                control.intAt(uniformSlot(i)),
                probsRow,
                control.intAt(FIRST_DRAFT + i));
    }

    /** Number of entries of {@link #logits} a step fills. */
    int candidateCount() {
        return dc.useOrderedEmbeddings() ? dc.centroidTopK() * dc.tokensPerCentroid() : t.vocabSize();
    }

    /**
     * Queues draft step {@code i}: its input, layers and head; with {@code greedy} also the argmax into control slot
     * {@code FIRST_DRAFT + i}. Step 0 reads the accepted token and the target's hidden row; step i reads the token
     * written by step i-1 and this drafter's projected hidden state.
     */
    void enqueueStep(int i, boolean greedy) {
        int bb = dc.backboneHiddenSize();
        int h = t.hiddenSize();
        float eps = (float) t.rmsNormEps();
        float embScale = (float) Math.sqrt(bb);
        if (i == 0) {
            k.draftInput(
                    target.embed.ptr(),
                    control.intAt(LAST_TOKEN),
                    target.hidden.ptr(),
                    control.intAt(HIDDEN_ROW),
                    in.ptr(),
                    bb,
                    embScale);
        } else {
            k.draftInput(
                    target.embed.ptr(),
                    control.intAt(FIRST_DRAFT + i - 1),
                    hiddenOut.ptr(),
                    control.intAt(ZERO),
                    in.ptr(),
                    bb,
                    embScale);
        }
        k.matvec(preProjection.ptr(), in.ptr(), x.ptr(), h, 2 * bb);
        for (int l = 0; l < layers.length; l++) {
            attention(l, eps);
            mlp(l, eps);
        }
        k.rmsnorm(x.ptr(), finalNorm.ptr(), hNorm.ptr(), 1, h, eps);
        k.matvec(postProjection.ptr(), hNorm.ptr(), hiddenOut.ptr(), bb, h);
        Pointer ids = null;
        if (dc.useOrderedEmbeddings()) {
            int topK = dc.centroidTopK();
            k.matvec(centroids.ptr(), hNorm.ptr(), centroidLogits.ptr(), dc.numCentroids(), h);
            k.topk(
                    centroidLogits.ptr(),
                    null,
                    dc.numCentroids(),
                    topK,
                    topV.ptr(),
                    topI.ptr(),
                    scratchV.ptr(),
                    scratchI.ptr());
            k.gatherMatvec(
                    head.ptr(),
                    hNorm.ptr(),
                    tokenOrdering.ptr(),
                    topI.ptr(),
                    dc.tokensPerCentroid(),
                    candidateCount(),
                    h,
                    logits.ptr(),
                    candidateIds.ptr());
            ids = candidateIds.ptr();
        } else {
            k.matvec(head.ptr(), hNorm.ptr(), logits.ptr(), t.vocabSize(), h);
        }
        if (greedy) { // drafter logits are never soft-capped (as in HF's assistant), like CpuDrafter
            k.argmax(logits.ptr(), ids, candidateCount(), 1, partV.ptr(), partI.ptr(), control.intAt(FIRST_DRAFT + i));
        }
    }

    private void attention(int l, float eps) {
        CudaLayerWeights w = layers[l];
        int h = t.hiddenSize();
        int hd = t.headDim(l);
        int nh = t.numHeads();
        LayerType type = t.layerType(l);
        int src = target.cfg.lastKvOwner(type);
        DeviceBuffer[] rope = target.rope(type);
        int window = type == LayerType.SLIDING ? dc.slidingKeys() : 0; // HF's W + 1 (DrafterConfig)
        k.rmsnorm(x.ptr(), w.inputNorm.ptr(), xn.ptr(), 1, h, eps);
        k.matvec(w.qProj.ptr(), xn.ptr(), q.ptr(), nh * hd, h);
        k.rmsnorm(q.ptr(), w.qNorm.ptr(), q.ptr(), nh, hd, eps);
        k.rope(q.ptr(), rope[0].ptr(), rope[1].ptr(), control.intAt(ROPE_POS), nh, hd, 1);
        k.attention(
                q.ptr(),
                target.kCache[src].ptr(),
                target.vCache[src].ptr(),
                attn.ptr(),
                control.intAt(ATTN_POS),
                nh,
                t.numKvHeads(),
                hd,
                target.kvPlan.capacity(src),
                window,
                1f,
                1);
        k.matvec(w.oProj.ptr(), attn.ptr(), o.ptr(), h, nh * hd);
        k.rmsnorm(o.ptr(), w.postAttnNorm.ptr(), o.ptr(), 1, h, eps);
        k.add(x.ptr(), o.ptr(), h);
    }

    private void mlp(int l, float eps) {
        CudaLayerWeights w = layers[l];
        int h = t.hiddenSize();
        int inter = t.intermediateSize();
        k.rmsnorm(x.ptr(), w.preFfnNorm.ptr(), xn.ptr(), 1, h, eps);
        k.matvec(w.gate.ptr(), xn.ptr(), gate.ptr(), inter, h);
        k.matvec(w.up.ptr(), xn.ptr(), up.ptr(), inter, h);
        k.geluGate(gate.ptr(), up.ptr(), gate.ptr(), inter, 1, inter);
        k.matvec(w.down.ptr(), gate.ptr(), o.ptr(), h, inter);
        k.rmsnorm(o.ptr(), w.postFfnNorm.ptr(), o.ptr(), 1, h, eps);
        k.add(x.ptr(), o.ptr(), h);
        if (w.layerScalar != 1f) {
            k.scale(x.ptr(), w.layerScalar, h);
        }
    }

    private static int[] tokenOrdering(DrafterCheckpoint ck) {
        return WeightShapes.tokenOrdering(
                ck.tensor(WeightNames.TOKEN_ORDERING), ck.config().text().vocabSize());
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("freeing device memory failed", e);
            }
        }
        owned.clear();
    }
}
