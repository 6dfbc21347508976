/**
 * Gemma-4-style inference with MTP speculative decoding. Public API: {@link dev.agentcollab.inference.Generator}
 * ({@link dev.agentcollab.inference.DefaultGenerator} plain decoding,
 * {@link dev.agentcollab.inference.spec.SpeculativeGenerator}), {@link dev.agentcollab.inference.GenerationOptions},
 * {@link dev.agentcollab.inference.GenerationResult}, {@link dev.agentcollab.inference.TokenScores}; backends are opened
 * with {@link dev.agentcollab.inference.InferenceBackends}. Subpackages: {@code model} (configs, HF loading),
 * {@code safetensors}, {@code tokenizer}, {@code sampling}, {@code spec}, {@code spi} (backend seam), {@code cpu}
 * (pure-Java reference backend), {@code bench}.
 */
package dev.agentcollab.inference;
