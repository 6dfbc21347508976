package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.kv.KvCachePlan;
import dev.agentcollab.inference.kv.KvRetention;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.spi.BackendOptions;

/**
 * The Gemma-4-style target decoder on the CPU: weights placed by a {@link CpuWeightPlan} (f32 or bf16 matrices,
 * gather-only embedding tables in their 16-bit checkpoint type, all row-chunked), a K/V cache per K/V-owning layer
 * sized by a {@link KvCachePlan} (sliding layers keep a ring of the window plus one forward's rows, position {@code p}
 * in row {@code p % capacity}; global layers keep every position; rollback after rejected drafts is a length change,
 * checked by {@link KvRetention}), and preallocated activations for {@code maxBatch} tokens. Follows
 * {@code modeling_gemma4.py}: scaled embedding, PLE, per-head q/k RMSNorm, weightless v norm, scale-1 attention,
 * sandwich norms, gated GELU-tanh MLP, PLE block, layer scalar, final norm, tied head, soft-cap.
 */
final class CpuTarget {
    final ModelConfig cfg;
    final CpuOps ops;
    final int maxSeq;
    final int maxBatch;
    final RowChunking chunking;
    final CpuWeightPlan plan;
    final RowSource embed;
    final Matrix lmHead;
    final float[] finalNorm;
    final CpuLayerWeights[] layers;
    final EmbeddingTable pleEmbed;
    final Matrix pleProjection;
    final float[] pleNorm;
    final KvCachePlan kvPlan;
    final float[][] kCache;
    final float[][] vCache;
    final RopeTable slidingRope;
    final RopeTable globalRope;
    /** Final-normed hidden state of each row of the latest forward ({@code maxBatch * hidden}). */
    final float[] hidden;

    private final int qMax;
    private final float[] x;
    private final float[] xn;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] attn;
    private final float[] o;
    private final float[] gate;
    private final float[] up;
    private final float[] ple;
    private final float[] pleTmp;
    private final float[] pleGate;
    private final float[] scores;
    private final WorkerPool.RangeTask attentionTask = this::attentionRange;
    private final KvRetention retention;
    private int length;
    private int aLayer;
    private int aPos0;

    CpuTarget(Checkpoint ck, BackendOptions opt, CpuOps ops, WeightFormat format, RowChunking chunking) {
        this.cfg = ck.config();
        this.ops = ops;
        this.maxSeq = opt.maxSequenceLength();
        this.maxBatch = opt.maxBatch();
        this.chunking = chunking;
        var t = ck.tensors();
        int h = cfg.hiddenSize();
        plan = CpuWeightPlan.target(cfg, name -> CpuLayerWeights.tensor(t, name).dtype(), format, chunking);
        if (cfg.tieWordEmbeddings()) {
            lmHead = Matrix.of(CpuLayerWeights.tensor(t, WeightNames.EMBED), plan.get(WeightNames.EMBED));
            embed = lmHead;
        } else {
            embed = EmbeddingTable.of(CpuLayerWeights.tensor(t, WeightNames.EMBED), plan.get(WeightNames.EMBED));
            lmHead = Matrix.of(CpuLayerWeights.tensor(t, WeightNames.LM_HEAD), plan.get(WeightNames.LM_HEAD));
        }
        finalNorm = CpuLayerWeights.req(t, WeightNames.NORM, h);
        int nl = cfg.numLayers();
        boolean hasPle = cfg.hasPerLayerInputs();
        int pw = cfg.hiddenSizePerLayerInput();
        pleEmbed = hasPle
                ? EmbeddingTable.of(CpuLayerWeights.tensor(t, WeightNames.PLE_EMBED), plan.get(WeightNames.PLE_EMBED))
                : null;
        pleProjection = hasPle
                ? Matrix.of(CpuLayerWeights.tensor(t, WeightNames.PLE_PROJECTION), plan.get(WeightNames.PLE_PROJECTION))
                : null;
        pleNorm = hasPle ? CpuLayerWeights.req(t, WeightNames.PLE_PROJECTION_NORM, pw) : null;
        layers = new CpuLayerWeights[nl];
        kvPlan = opt.kvPlan(cfg);
        retention = new KvRetention(kvPlan);
        kCache = new float[nl][];
        vCache = new float[nl][];
        int hdMax = Math.max(cfg.headDim(), cfg.globalHeadDim());
        for (int l = 0; l < nl; l++) {
            layers[l] = CpuLayerWeights.load(t, cfg, l, cfg.ownsKv(l), hasPle, format, chunking);
            int hd = cfg.headDim(l);
            if (cfg.ownsKv(l)) {
                kCache[l] = new float[Math.toIntExact(kvPlan.values(l))];
                vCache[l] = new float[Math.toIntExact(kvPlan.values(l))];
            }
        }
        slidingRope = new RopeTable(cfg.slidingRope(), cfg.headDim(), maxSeq);
        globalRope = new RopeTable(cfg.globalRope(), cfg.globalHeadDim(), maxSeq);
        qMax = cfg.numHeads() * hdMax;
        x = new float[maxBatch * h];
        xn = new float[maxBatch * h];
        hidden = new float[maxBatch * h];
        q = new float[maxBatch * qMax];
        k = new float[maxBatch * cfg.numKvHeads() * hdMax];
        v = new float[maxBatch * cfg.numKvHeads() * hdMax];
        attn = new float[maxBatch * qMax];
        o = new float[maxBatch * h];
        gate = new float[maxBatch * cfg.intermediateSize()];
        up = new float[maxBatch * cfg.intermediateSize()];
        ple = hasPle ? new float[maxBatch * nl * pw] : null;
        pleTmp = hasPle ? new float[maxBatch * nl * pw] : null;
        pleGate = hasPle ? new float[maxBatch * pw] : null;
        scores = new float[maxBatch * cfg.numHeads() * maxSeq];
    }

    int length() {
        return length;
    }

    void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate length must be in [0, " + length + "], but was " + newLength);
        }
        retention.checkRollback(newLength);
        length = newLength;
    }

    /** Offset of the K (or V) row of {@code position} in {@code kCache[layer]}: its ring slot on sliding layers. */
    int kvRow(int layer, int position) {
        return (position % kvPlan.capacity(layer)) * cfg.numKvHeads() * cfg.headDim(layer);
    }

    RopeTable rope(LayerType type) {
        return type == LayerType.SLIDING ? slidingRope : globalRope;
    }

    /** Runs {@code count} tokens; see {@link dev.agentcollab.inference.spi.InferenceBackend#forward}. */
    void forward(int[] tokens, int count, float[] logits, boolean allRows) {
        int h = cfg.hiddenSize();
        float eps = (float) cfg.rmsNormEps();
        float embScale = (float) Math.sqrt(h);
        for (int r = 0; r < count; r++) {
            embed.row(tokens[r], embScale, x, r * h);
        }
        if (cfg.hasPerLayerInputs()) {
            perLayerInputs(tokens, count, eps);
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            layer(l, count, eps);
        }
        for (int r = 0; r < count; r++) {
            CpuOps.rmsNorm(x, r * h, h, finalNorm, eps, hidden, r * h);
        }
        int first = allRows ? 0 : count - 1;
        ops.matmul(lmHead, cfg.vocabSize(), h, hidden, first * h, count - first, logits, 0);
        ops.softcap(logits, (count - first) * cfg.vocabSize(), (float) cfg.finalLogitSoftcap());
        length += count;
        retention.written(length);
    }

    private void perLayerInputs(int[] tokens, int count, float eps) {
        int h = cfg.hiddenSize();
        int pw = cfg.hiddenSizePerLayerInput();
        int nl = cfg.numLayers();
        int width = nl * pw;
        ops.matmul(pleProjection, width, h, x, 0, count, pleTmp, 0);
        float projScale = (float) (1.0 / Math.sqrt(h));
        float tokScale = (float) Math.sqrt(pw);
        float mix = (float) (1.0 / Math.sqrt(2.0));
        for (int r = 0; r < count; r++) {
            int base = r * width;
            for (int i = 0; i < width; i++) {
                pleTmp[base + i] *= projScale;
            }
            for (int l = 0; l < nl; l++) {
                CpuOps.rmsNorm(pleTmp, base + l * pw, pw, pleNorm, eps, pleTmp, base + l * pw);
            }
            int tok = tokens[r];
            if (tok < 0 || tok >= cfg.vocabSizePerLayerInput()) { // HF indexes directly; never wrap
                throw new IllegalArgumentException("token " + tok + " is outside the per-layer embedding table of "
                        + cfg.vocabSizePerLayerInput() + " rows");
            }
            pleEmbed.row(tok, tokScale, ple, base);
            for (int i = 0; i < width; i++) {
                ple[base + i] = (ple[base + i] + pleTmp[base + i]) * mix;
            }
        }
    }

    private void layer(int l, int count, float eps) {
        CpuLayerWeights w = layers[l];
        int h = cfg.hiddenSize();
        int hd = cfg.headDim(l);
        int nh = cfg.numHeads();
        int nkv = cfg.numKvHeads();
        RopeTable rope = rope(cfg.layerType(l));
        for (int r = 0; r < count; r++) {
            CpuOps.rmsNorm(x, r * h, h, w.inputNorm(), eps, xn, r * h);
        }
        ops.matmul(w.qProj(), nh * hd, h, xn, 0, count, q, 0);
        for (int r = 0; r < count; r++) {
            for (int hh = 0; hh < nh; hh++) {
                int off = r * nh * hd + hh * hd;
                CpuOps.rmsNorm(q, off, hd, w.qNorm(), eps, q, off);
                rope.apply(q, off, length + r);
            }
        }
        if (cfg.ownsKv(l)) {
            ops.matmul(w.kProj(), nkv * hd, h, xn, 0, count, k, 0);
            ops.matmul(w.vProj(), nkv * hd, h, xn, 0, count, v, 0);
            for (int r = 0; r < count; r++) {
                int pos = length + r;
                int row = kvRow(l, pos);
                for (int kh = 0; kh < nkv; kh++) {
                    int off = r * nkv * hd + kh * hd;
                    int dst = row + kh * hd;
                    CpuOps.rmsNorm(k, off, hd, w.kNorm(), eps, kCache[l], dst);
                    rope.apply(kCache[l], dst, pos);
                    CpuOps.rmsNorm(v, off, hd, null, eps, vCache[l], dst);
                }
            }
        }
        aLayer = l;
        aPos0 = length;
        ops.pool().run(count * nh, 1, attentionTask);
        ops.matmul(w.oProj(), h, nh * hd, attn, 0, count, o, 0);
        residual(count, w.postAttnNorm(), eps);
        for (int r = 0; r < count; r++) {
            CpuOps.rmsNorm(x, r * h, h, w.preFfnNorm(), eps, xn, r * h);
        }
        int inter = cfg.intermediateSize();
        ops.matmul(w.gate(), inter, h, xn, 0, count, gate, 0);
        ops.matmul(w.up(), inter, h, xn, 0, count, up, 0);
        ops.geluMul(gate, up, count * inter);
        ops.matmul(w.down(), h, inter, gate, 0, count, o, 0);
        residual(count, w.postFfnNorm(), eps);
        if (cfg.hasPerLayerInputs()) {
            int pw = cfg.hiddenSizePerLayerInput();
            int width = cfg.numLayers() * pw;
            ops.matmul(w.pleGate(), pw, h, x, 0, count, pleGate, 0);
            for (int r = 0; r < count; r++) {
                for (int i = 0; i < pw; i++) {
                    pleGate[r * pw + i] = CpuOps.gelu(pleGate[r * pw + i]) * ple[r * width + l * pw + i];
                }
            }
            ops.matmul(w.pleProjection(), h, pw, pleGate, 0, count, o, 0);
            residual(count, w.plePostNorm(), eps);
        }
        if (w.layerScalar() != 1f) {
            for (int i = 0; i < count * h; i++) {
                x[i] *= w.layerScalar();
            }
        }
    }

    /** {@code x += rmsNorm(o, weight)} row by row. */
    private void residual(int count, float[] weight, float eps) {
        int h = cfg.hiddenSize();
        for (int r = 0; r < count; r++) {
            CpuOps.rmsNorm(o, r * h, h, weight, eps, o, r * h);
            for (int i = 0; i < h; i++) {
                x[r * h + i] += o[r * h + i];
            }
        }
    }

    private void attentionRange(int start, int end) {
        int l = aLayer;
        int hd = cfg.headDim(l);
        int nh = cfg.numHeads();
        int nkv = cfg.numKvHeads();
        int src = cfg.kvSourceLayer(l);
        boolean sliding = cfg.layerType(l) == LayerType.SLIDING;
        for (int job = start; job < end; job++) {
            int r = job / nh;
            int hh = job % nh;
            int pos = aPos0 + r;
            int lo = sliding ? Math.max(0, pos - cfg.slidingWindow() + 1) : 0;
            int kvh = hh / (nh / nkv);
            int qOff = r * nh * hd + hh * hd;
            ops.attendHead(
                    q,
                    qOff,
                    kCache[src],
                    vCache[src],
                    kvPlan.capacity(src),
                    nkv * hd,
                    kvh * hd,
                    hd,
                    lo,
                    pos,
                    scores,
                    job * maxSeq,
                    attn,
                    qOff);
        }
    }
}
