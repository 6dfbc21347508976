/**
 * Target/drafter pairs whose drafter genuinely predicts its target through the normal MTP drafter path, with a
 * per-position acceptance profile chosen in advance ({@link dev.agentcollab.inference.pair.AcceptanceProfile}).
 */
package dev.agentcollab.inference.pair;
