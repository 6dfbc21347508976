/**
 * The SDK's single unchecked exception type, {@link dev.agentcollab.api.error.CollabException}, and its stable
 * {@link dev.agentcollab.api.error.ErrorCode}s. Everything in this package is immutable and thread-safe.
 */
package dev.agentcollab.api.error;
