package dev.agentcollab.inference.cpu;

/** How the CPU backend stores linear and embedding weights in memory (norm weights are always f32). */
public enum WeightFormat {
    /** 32-bit floats: the reference; 16-bit checkpoints are widened exactly. */
    F32,
    /**
     * bfloat16: half the memory and bandwidth. bf16 checkpoints are kept bit-exact; f32/f16 weights are rounded to
     * nearest-even. Products still accumulate in f32.
     */
    BF16
}
