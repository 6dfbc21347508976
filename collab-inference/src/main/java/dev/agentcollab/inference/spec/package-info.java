/**
 * Speculative decoding with the MTP drafter: {@link dev.agentcollab.inference.spec.SpeculativeGenerator}, the greedy
 * and rejection-sampling acceptance rules ({@link dev.agentcollab.inference.spec.Verifier}) and acceptance statistics.
 */
package dev.agentcollab.inference.spec;
