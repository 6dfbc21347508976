package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.kv.KvCachePlan;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * The Gemma-4-style target decoder on the GPU, the same computation as the CPU backend's target, block for block:
 * scaled embedding, PLE, per-head q/k RMSNorm with RoPE, weightless v norm, scale-1 attention (sliding window on
 * sliding layers, KV sharing), sandwich norms, gated GELU-tanh MLP, PLE block, layer scalar, final norm, tied or
 * untied head, soft-cap. The K/V cache of each K/V-owning layer is sized by a {@link KvCachePlan}: sliding layers keep
 * a ring of the window plus one forward's rows, global layers every position; the kernels store and read position
 * {@code p} at slot {@code p % capacity}, the capacity being a fixed kernel argument, so captured graphs stay valid. A
 * rollback is just a length change (checked by the backend's {@code KvRetention}). Positions and token ids are read
 * from device memory ({@link #step}). Not thread-safe.
 */
final class CudaTarget implements AutoCloseable {
    final ModelConfig cfg;
    final int maxSeq;
    final int maxBatch;
    final DeviceBuffer embed;
    /** Device ints: [0] = position of row 0, [1 + r] = token of row r. */
    final DeviceBuffer step;
    /** Final-normed hidden state of every row of the latest forward, [maxBatch][hidden]. */
    final DeviceBuffer hidden;
    /** Logits of the latest forward, [maxBatch][vocab]. */
    final DeviceBuffer logits;
    /** Per-row argmax of the latest {@link #enqueueArgmax}, [maxBatch]. */
    final DeviceBuffer argmax;

    /** Positions each layer's cache holds. */
    final KvCachePlan kvPlan;

    final DeviceBuffer[] kCache;
    final DeviceBuffer[] vCache;

    private final CudaKernels k;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final DeviceBuffer lmHead;
    private final DeviceBuffer finalNorm;
    private final CudaLayerWeights[] layers;
    private final DeviceBuffer pleEmbed;
    private final DeviceBuffer pleProjection;
    private final DeviceBuffer pleNorm;
    private final DeviceBuffer[] slidingRope;
    private final DeviceBuffer[] globalRope;
    private final DeviceBuffer x;
    private final DeviceBuffer xn;
    private final DeviceBuffer q;
    private final DeviceBuffer kv;
    private final DeviceBuffer v;
    private final DeviceBuffer attn;
    private final DeviceBuffer o;
    private final DeviceBuffer gate;
    private final DeviceBuffer up;
    private final DeviceBuffer ple;
    private final DeviceBuffer pleTmp;
    private final DeviceBuffer pleGate;
    private final DeviceBuffer partV;
    private final DeviceBuffer partI;

    CudaTarget(Checkpoint ck, BackendOptions opt, CudaKernels kernels) {
        this.cfg = ck.config();
        this.k = kernels;
        this.maxSeq = opt.maxSequenceLength();
        this.maxBatch = opt.maxBatch();
        Map<String, Tensor> t = ck.tensors();
        int h = cfg.hiddenSize();
        int nl = cfg.numLayers();
        int pw = cfg.hiddenSizePerLayerInput();
        embed = own(CudaUploads.bf16(t, WeightNames.EMBED, cfg.vocabSize(), h));
        lmHead = cfg.tieWordEmbeddings() ? embed : own(CudaUploads.bf16(t, WeightNames.LM_HEAD, cfg.vocabSize(), h));
        finalNorm = own(CudaUploads.f32(t, WeightNames.NORM, h));
        boolean hasPle = cfg.hasPerLayerInputs();
        pleEmbed =
                hasPle ? own(CudaUploads.bf16(t, WeightNames.PLE_EMBED, cfg.vocabSizePerLayerInput(), nl * pw)) : null;
        pleProjection = hasPle ? own(CudaUploads.bf16(t, WeightNames.PLE_PROJECTION, nl * pw, h)) : null;
        pleNorm = hasPle ? own(CudaUploads.f32(t, WeightNames.PLE_PROJECTION_NORM, pw)) : null;
        layers = new CudaLayerWeights[nl];
        kvPlan = opt.kvPlan(cfg);
        kCache = new DeviceBuffer[nl];
        vCache = new DeviceBuffer[nl];
        for (int l = 0; l < nl; l++) {
            layers[l] = own(new CudaLayerWeights(t, cfg, l));
            if (cfg.ownsKv(l)) {
                long cache = kvPlan.values(l);
                kCache[l] = own(DeviceBuffer.floats(cache));
                vCache[l] = own(DeviceBuffer.floats(cache));
            }
        }
        slidingRope = ownAll(CudaUploads.ropeTables(cfg.slidingRope(), cfg.headDim(), maxSeq));
        globalRope = ownAll(CudaUploads.ropeTables(cfg.globalRope(), cfg.globalHeadDim(), maxSeq));
        int hdMax = Math.max(cfg.headDim(), cfg.globalHeadDim());
        long b = maxBatch;
        step = own(DeviceBuffer.ints(1 + b));
        x = own(DeviceBuffer.floats(b * h));
        xn = own(DeviceBuffer.floats(b * h));
        hidden = own(DeviceBuffer.floats(b * h));
        q = own(DeviceBuffer.floats(b * cfg.numHeads() * hdMax));
        kv = own(DeviceBuffer.floats(b * cfg.numKvHeads() * hdMax));
        v = own(DeviceBuffer.floats(b * cfg.numKvHeads() * hdMax));
        attn = own(DeviceBuffer.floats(b * cfg.numHeads() * hdMax));
        o = own(DeviceBuffer.floats(b * h));
        gate = own(DeviceBuffer.floats(b * cfg.intermediateSize()));
        up = own(DeviceBuffer.floats(b * cfg.intermediateSize()));
        ple = own(DeviceBuffer.floats(b * nl * pw));
        pleTmp = own(DeviceBuffer.floats(b * nl * pw));
        pleGate = own(DeviceBuffer.floats(b * pw));
        logits = own(DeviceBuffer.floats(b * cfg.vocabSize()));
        argmax = own(DeviceBuffer.ints(b));
        partV = own(DeviceBuffer.floats(b * CudaKernels.ARGMAX_PARTS));
        partI = own(DeviceBuffer.ints(b * CudaKernels.ARGMAX_PARTS));
    }

    /** The cos/sin tables of a layer type. */
    DeviceBuffer[] rope(LayerType type) {
        return type == LayerType.SLIDING ? slidingRope : globalRope;
    }

    /**
     * Queues the forward of {@code count} rows whose position and tokens are in {@link #step}; logits are computed
     * for rows {@code [firstLogitRow, count)} into {@link #logits} starting at row 0.
     */
    void enqueueForward(int count, int firstLogitRow) {
        int h = cfg.hiddenSize();
        float eps = (float) cfg.rmsNormEps();
        k.embedding(embed.ptr(), step.intAt(1), x.ptr(), h, count, (float) Math.sqrt(h), cfg.vocabSize());
        if (cfg.hasPerLayerInputs()) {
            perLayerInputs(count, eps);
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            layer(l, count, eps);
        }
        k.rmsnorm(x.ptr(), finalNorm.ptr(), hidden.ptr(), count, h, eps);
        int rows = count - firstLogitRow;
        k.matmul(lmHead.ptr(), hidden.floatAt((long) firstLogitRow * h), logits.ptr(), cfg.vocabSize(), h, rows);
        if (cfg.finalLogitSoftcap() > 0) {
            k.softcap(logits.ptr(), (float) cfg.finalLogitSoftcap(), rows * cfg.vocabSize());
        }
    }

    /** Queues the argmax of the first {@code rows} rows of {@link #logits} into {@link #argmax}. */
    void enqueueArgmax(int rows) {
        k.argmax(logits.ptr(), null, cfg.vocabSize(), rows, partV.ptr(), partI.ptr(), argmax.ptr());
    }

    private void perLayerInputs(int count, float eps) {
        int h = cfg.hiddenSize();
        int pw = cfg.hiddenSizePerLayerInput();
        int width = cfg.numLayers() * pw;
        k.matmul(pleProjection.ptr(), x.ptr(), pleTmp.ptr(), width, h, count);
        k.scale(pleTmp.ptr(), (float) (1.0 / Math.sqrt(h)), count * width);
        k.rmsnorm(pleTmp.ptr(), pleNorm.ptr(), pleTmp.ptr(), count * cfg.numLayers(), pw, eps);
        k.embedding(
                pleEmbed.ptr(),
                step.intAt(1),
                ple.ptr(),
                width,
                count,
                (float) Math.sqrt(pw),
                cfg.vocabSizePerLayerInput());
        k.addScaled(ple.ptr(), pleTmp.ptr(), ple.ptr(), (float) (1.0 / Math.sqrt(2.0)), count * width);
    }

    private void layer(int l, int count, float eps) {
        CudaLayerWeights w = layers[l];
        int h = cfg.hiddenSize();
        int hd = cfg.headDim(l);
        int nh = cfg.numHeads();
        int nkv = cfg.numKvHeads();
        DeviceBuffer[] rope = rope(cfg.layerType(l));
        CUdeviceptr pos = step.ptr();
        k.rmsnorm(x.ptr(), w.inputNorm.ptr(), xn.ptr(), count, h, eps);
        k.matmul(w.qProj.ptr(), xn.ptr(), q.ptr(), nh * hd, h, count);
        k.rmsnorm(q.ptr(), w.qNorm.ptr(), q.ptr(), count * nh, hd, eps);
        k.rope(q.ptr(), rope[0].ptr(), rope[1].ptr(), pos, nh, hd, count);
        if (cfg.ownsKv(l)) {
            k.matmul(w.kProj.ptr(), xn.ptr(), kv.ptr(), nkv * hd, h, count);
            k.matmul(w.vProj.ptr(), xn.ptr(), v.ptr(), nkv * hd, h, count);
            k.rmsnorm(kv.ptr(), w.kNorm.ptr(), kv.ptr(), count * nkv, hd, eps);
            k.rope(kv.ptr(), rope[0].ptr(), rope[1].ptr(), pos, nkv, hd, count);
            k.rmsnorm(v.ptr(), null, v.ptr(), count * nkv, hd, eps);
            k.kvStore(kv.ptr(), v.ptr(), kCache[l].ptr(), vCache[l].ptr(), pos, nkv * hd, kvPlan.capacity(l), count);
        }
        int src = cfg.kvSourceLayer(l);
        int window = cfg.layerType(l) == LayerType.SLIDING ? cfg.slidingWindow() : 0;
        k.attention(
                q.ptr(),
                kCache[src].ptr(),
                vCache[src].ptr(),
                attn.ptr(),
                pos,
                nh,
                nkv,
                hd,
                kvPlan.capacity(src),
                window,
                1f,
                count);
        k.matmul(w.oProj.ptr(), attn.ptr(), o.ptr(), h, nh * hd, count);
        residual(count, w.postAttnNorm, eps);
        k.rmsnorm(x.ptr(), w.preFfnNorm.ptr(), xn.ptr(), count, h, eps);
        int inter = cfg.intermediateSize();
        k.matmul(w.gate.ptr(), xn.ptr(), gate.ptr(), inter, h, count);
        k.matmul(w.up.ptr(), xn.ptr(), up.ptr(), inter, h, count);
        k.geluGate(gate.ptr(), up.ptr(), gate.ptr(), count * inter, 1, count * inter);
        k.matmul(w.down.ptr(), gate.ptr(), o.ptr(), h, inter, count);
        residual(count, w.postFfnNorm, eps);
        if (cfg.hasPerLayerInputs()) {
            int pw = cfg.hiddenSizePerLayerInput();
            int width = cfg.numLayers() * pw;
            k.matmul(w.pleGate.ptr(), x.ptr(), pleGate.ptr(), pw, h, count);
            k.geluGate(pleGate.ptr(), ple.floatAt((long) l * pw), pleGate.ptr(), pw, count, width);
            k.matmul(w.pleProjection.ptr(), pleGate.ptr(), o.ptr(), h, pw, count);
            residual(count, w.plePostNorm, eps);
        }
        if (w.layerScalar != 1f) {
            k.scale(x.ptr(), w.layerScalar, count * h);
        }
    }

    /** x += rmsNorm(o, weight) row by row. */
    private void residual(int count, DeviceBuffer weight, float eps) {
        int h = cfg.hiddenSize();
        k.rmsnorm(o.ptr(), weight.ptr(), o.ptr(), count, h, eps);
        k.add(x.ptr(), o.ptr(), count * h);
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    private DeviceBuffer[] ownAll(DeviceBuffer[] buffers) {
        for (DeviceBuffer b : buffers) {
            own(b);
        }
        return buffers;
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
