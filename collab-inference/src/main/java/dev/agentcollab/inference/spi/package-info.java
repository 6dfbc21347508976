/**
 * Service-provider interface for inference backends: {@link dev.agentcollab.inference.spi.InferenceBackend} (a loaded
 * target + drafter with one K/V cache), {@link dev.agentcollab.inference.spi.DraftPlan} (the recorded draft loop) and
 * {@link dev.agentcollab.inference.spi.InferenceBackendProvider} (ServiceLoader discovery).
 */
package dev.agentcollab.inference.spi;
