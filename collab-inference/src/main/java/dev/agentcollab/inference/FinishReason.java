package dev.agentcollab.inference;

/** Why generation stopped. */
public enum FinishReason {
    /** {@link GenerationOptions#maxNewTokens()} tokens were generated. */
    MAX_TOKENS,
    /** A stop token was generated (it is included in the output). */
    STOP_TOKEN,
    /** The backend's cache is full. */
    CONTEXT_FULL
}
