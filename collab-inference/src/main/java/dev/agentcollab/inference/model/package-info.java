/**
 * Gemma-4-style model and MTP drafter configs ({@link dev.agentcollab.inference.model.ModelConfig},
 * {@link dev.agentcollab.inference.model.DrafterConfig}), HF {@code config.json} reading and writing, checkpoints
 * with canonical tensor names, and random checkpoints for tests and benchmarks.
 */
package dev.agentcollab.inference.model;
