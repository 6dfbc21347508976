package dev.agentcollab.core.service;

import dev.agentcollab.api.board.DigestQuery;
import java.util.Optional;

/**
 * A part of the digest contributed by another feature (the leaderboard, recent results, token stats). The
 * service calls each registered section in order and puts its value under {@link #key()} in
 * {@link dev.agentcollab.api.board.Digest#sections()}. Implementations MUST be thread safe.
 */
public interface DigestSection {

    /**
     * The wire key, e.g. {@code leaderboard}.
     *
     * @return the key
     */
    String key();

    /**
     * Computes the section.
     *
     * @param query the digest query
     * @param sinceStamp the parsed {@code since} bound as a filename stamp, when given
     * @return a JSON-ready value (records, lists, maps), or {@code null} for JSON null
     */
    Object compute(DigestQuery query, Optional<String> sinceStamp);
}
