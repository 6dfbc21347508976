package dev.agentcollab.api.board;

import dev.agentcollab.api.error.CollabException;

/**
 * The catch-up digest ({@code GET /v1/digest}): what a returning agent should read first. Implementations MUST
 * be thread safe.
 */
public interface Digests {

    /**
     * Builds the digest.
     *
     * @param query the optional reader handle ({@code as}) and stamp bound ({@code since})
     * @return the digest
     * @throws CollabException {@code INVALID_QUERY} for a bad {@code since}, {@code INVALID_PATH} or
     *     {@code NOT_REGISTERED} for a bad {@code as}
     */
    Digest get(DigestQuery query);
}
