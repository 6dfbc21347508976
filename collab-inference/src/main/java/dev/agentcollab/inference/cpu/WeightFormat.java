package dev.agentcollab.inference.cpu;

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
    BF16
}
