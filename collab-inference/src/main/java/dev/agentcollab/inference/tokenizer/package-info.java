/** Tokenizers read from HF {@code tokenizer.json} ({@link dev.agentcollab.inference.tokenizer.HfTokenizers}). */
package dev.agentcollab.inference.tokenizer;
