package dev.agentcollab.api.board;

import java.util.Objects;

/**
 * An {@code @mention} of a posted message that reached no inbox, and why: so that a typo in a colleague's id does not
 * go unnoticed.
 *
 * @param handle the mentioned id, without the {@code @}
 * @param reason why it got no copy: {@link #NOT_REGISTERED} or {@link #OVER_CAP}
 */
public record MentionMiss(String handle, String reason) {
    /** The id is no registered agent (and no {@code human-} handle). */
    public static final String NOT_REGISTERED = "not a registered agent";

    /** The message had already reached the most inboxes one message may reach. */
    public static final String OVER_CAP = "past the mention fan-out cap";

    /** Checks for nulls. */
    public MentionMiss {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(reason, "reason");
    }
}
