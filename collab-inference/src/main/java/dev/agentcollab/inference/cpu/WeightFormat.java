package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.Collection;

/**
 * How the CPU backend stores linear weights and the tied embedding/head in memory (norm weights are always f32).
 * Gather-only tables (the per-layer embedding table, an untied token embedding) keep a bf16 or f16 checkpoint's own
 * 16-bit type under both formats and are decoded one row at a time; only f32 tables follow this format.
 */
public enum WeightFormat {
    /** 32-bit floats: the reference; 16-bit checkpoints are widened exactly. */
    F32,
    /**
     * bfloat16: half the memory and bandwidth. bf16 checkpoints are kept bit-exact; f32/f16 weights are rounded to
     * nearest-even. Products still accumulate in f32.
     */
    BF16,
    /**
     * Q8_0 (as llama.cpp's): each row in blocks of 32 int8 values with one f16 scale per block, 34 bytes per 32
     * weights (about 0.27 of f32). Lossy: f32/f16/bf16 weights are quantised round-to-nearest at load time
     * ({@code scale = max|x| / 127}). Only matrices (linear maps, the LM head, a tied embedding/head) are quantised;
     * norms stay f32 and gather-only tables are kept as under {@link #BF16}. Products read the int8 values directly
     * and accumulate in f32.
     */
    Q8_0,
    /**
     * 3-bit block quantisation in the Q8_0 layout: each row in blocks of 32 values restricted to the levels
     * {@code -3..3} with one f16 scale per block ({@code scale = max|x| / 3}), quantised round-to-nearest at load time
     * and run on the Q8_0 int8 kernels. The values are held one per byte, so memory and bandwidth are those of
     * {@link #Q8_0}; what the format shows is the quality 3-bit weights cost. The same tensors as {@link #Q8_0} are
     * quantised.
     */
    Q3_0;

    /**
     * Whether the format changes a checkpoint's weights beyond a lossless widening or bf16 copy: {@code true} for
     * {@link #Q8_0} and {@link #Q3_0}, whose runs count as lossless only when they pass the quality gate.
     *
     * @return whether weights are quantised at load time
     */
    public boolean quantised() {
        return this == Q8_0 || this == Q3_0;
    }

    /**
     * The format by its lower-case name, as {@code decoding.json}'s {@code weights} and the bench's
     * {@code --formats} spell it ({@code f32}, {@code bf16}, {@code q8_0}, {@code q3_0}); case and surrounding spaces
     * do not matter.
     *
     * @param name the name
     * @return the format, or empty for any other name
     */
    public static java.util.Optional<WeightFormat> named(String name) {
        String n = name.strip().toLowerCase(java.util.Locale.ROOT);
        for (WeightFormat f : values()) {
            if (f.name().toLowerCase(java.util.Locale.ROOT).equals(n)) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Whether this format changes weights stored on disk as {@code stored}: never under {@link #F32} (16-bit types
     * are widened exactly); under {@link #BF16} for f32 and f16 weights (rounded to bf16), not for bf16 ones (kept
     * bit-exact); always for floating-point weights under the quantised formats. Integer tensors are never changed.
     *
     * @param stored the on-disk type of a weight
     * @return whether the backend holds other values than the checkpoint's
     */
    public boolean changes(DType stored) {
        if (stored == DType.I32 || stored == DType.I64) {
            return false;
        }
        return switch (this) {
            case F32 -> false;
            case BF16 -> stored != DType.BF16;
            case Q8_0, Q3_0 -> true;
        };
    }

    /**
     * Whether this format changes any weight matrix (a tensor of two or more dimensions) of a checkpoint: norms
     * (one dimension) always stay f32. {@code BF16} on a checkpoint stored in bf16 changes nothing; on an f32 one it
     * rounds, and its greedy output has to be compared with the checkpoint decoded as stored.
     *
     * @param tensors the checkpoint's tensors
     * @return whether any matrix would be held with other values than the checkpoint's
     */
    public boolean changesAny(Collection<Tensor> tensors) {
        return tensors.stream().anyMatch(t -> t.shape().size() >= 2 && changes(t.dtype()));
    }
}
