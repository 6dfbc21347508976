package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.cpu.WeightPlacement.Store;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where the CPU backend keeps each of a target's weight tensors (norm vectors aside): linear maps and a tied
 * embedding/head are {@link Store#MATRIX} in the {@link WeightFormat}; the per-layer embedding table and an untied token
 * embedding are gather-only {@link Store#ROW_TABLE}s in their on-disk 16-bit type. Large tensors are split into row
 * chunks. Computing a plan allocates no weights, so a real model's layout and memory can be checked up front.
 *
 * @param placements placements by canonical tensor name, in load order
 */
record CpuWeightPlan(Map<String, WeightPlacement> placements) {
    /** Copies the map, keeping its order. */
    CpuWeightPlan {
        placements = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(placements));
    }

    /**
     * Plans a target.
     *
     * @param cfg the model config
     * @param diskType the checkpoint's element type of each tensor, by canonical name
     * @param format matrix storage
     * @param chunking the chunk limit
     * @return the plan
     */
    static CpuWeightPlan target(
            ModelConfig cfg, Function<String, DType> diskType, WeightFormat format, RowChunking chunking) {
        Objects.requireNonNull(diskType, "diskType");
        StoredType matrixType = StoredType.matrix(format);
        Map<String, WeightPlacement> out = new LinkedHashMap<>();
        int h = cfg.hiddenSize();
        if (cfg.tieWordEmbeddings()) {
            put(out, WeightPlacement.of(WeightNames.EMBED, Store.MATRIX, cfg.vocabSize(), h, matrixType, chunking));
        } else {
            StoredType t = EmbeddingTable.storedType(diskType.apply(WeightNames.EMBED), format);
            put(out, WeightPlacement.of(WeightNames.EMBED, Store.ROW_TABLE, cfg.vocabSize(), h, t, chunking));
            put(out, WeightPlacement.of(WeightNames.LM_HEAD, Store.MATRIX, cfg.vocabSize(), h, matrixType, chunking));
        }
        int nl = cfg.numLayers();
        int pw = cfg.hiddenSizePerLayerInput();
        if (cfg.hasPerLayerInputs()) {
            StoredType t = EmbeddingTable.storedType(diskType.apply(WeightNames.PLE_EMBED), format);
            put(
                    out,
                    WeightPlacement.of(
                            WeightNames.PLE_EMBED,
                            Store.ROW_TABLE,
                            cfg.vocabSizePerLayerInput(),
                            nl * pw,
                            t,
                            chunking));
            put(out, WeightPlacement.of(WeightNames.PLE_PROJECTION, Store.MATRIX, nl * pw, h, matrixType, chunking));
        }
        for (int l = 0; l < nl; l++) {
            int q = cfg.numHeads() * cfg.headDim(l);
            int kv = cfg.numKvHeads() * cfg.headDim(l);
            int inter = cfg.intermediateSize();
            List<LayerMatrix> mats = new java.util.ArrayList<>();
            mats.add(new LayerMatrix("self_attn.q_proj.weight", q, h));
            if (cfg.ownsKv(l)) {
                mats.add(new LayerMatrix("self_attn.k_proj.weight", kv, h));
                mats.add(new LayerMatrix("self_attn.v_proj.weight", kv, h));
            }
            mats.add(new LayerMatrix("self_attn.o_proj.weight", h, q));
            mats.add(new LayerMatrix("mlp.gate_proj.weight", inter, h));
            mats.add(new LayerMatrix("mlp.up_proj.weight", inter, h));
            mats.add(new LayerMatrix("mlp.down_proj.weight", h, inter));
            if (cfg.hasPerLayerInputs()) {
                mats.add(new LayerMatrix("per_layer_input_gate.weight", pw, h));
                mats.add(new LayerMatrix("per_layer_projection.weight", h, pw));
            }
            for (LayerMatrix m : mats) {
                String name = WeightNames.layer(l, m.suffix());
                put(out, WeightPlacement.of(name, Store.MATRIX, m.rows(), m.cols(), matrixType, chunking));
            }
        }
        return new CpuWeightPlan(out);
    }

    /** A per-layer linear map's name suffix and shape. */
    private record LayerMatrix(String suffix, int rows, int cols) {}

    private static void put(Map<String, WeightPlacement> out, WeightPlacement p) {
        out.put(p.name(), p);
    }

    /** The placement of a tensor, or an {@link IllegalArgumentException} when the plan has none. */
    WeightPlacement get(String name) {
        WeightPlacement p = placements.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no placement for " + name);
        }
        return p;
    }

    /** Bytes of every planned tensor in memory. */
    long totalBytes() {
        return placements.values().stream().mapToLong(WeightPlacement::bytes).sum();
    }

    /** Bytes of full-length K/V caches for {@code maxSequenceLength} positions (f32; rings: KvCachePlan). */
    static long kvCacheBytes(ModelConfig cfg, int maxSequenceLength) {
        long perPosition = 0;
        for (int l = 0; l < cfg.numLayers(); l++) {
            if (cfg.ownsKv(l)) {
                perPosition += 2L * cfg.numKvHeads() * cfg.headDim(l) * Float.BYTES;
            }
        }
        return perPosition * maxSequenceLength;
    }
}
