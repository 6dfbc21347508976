package dev.agentcollab.api.result;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The verification states of a result, as stored in {@code results/verification_status.json}. A result without
 * an index entry is {@link #PENDING}. Humans may write other values into the index; they are reported verbatim and
 * match no filter.
 */
public final class Verification {
    /** Not yet verified (also: no index entry). */
    public static final String PENDING = "pending";
    /** Verified: the re-run reproduced the claim. */
    public static final String VALID = "valid";
    /** Rejected: the re-run did not reproduce the claim, or a human rejected it. */
    public static final String INVALID = "invalid";

    private static final Set<String> STATES = Set.of(PENDING, VALID, INVALID);

    private Verification() {}

    /**
     * Parses a {@code verification} filter: a comma-separated, non-empty subset of {@code pending,valid,invalid}
     * (blanks around items are ignored).
     *
     * @param csv the filter value
     * @return the states, in the given order
     * @throws CollabException {@code INVALID_QUERY} when empty or when an item is not a state
     */
    public static Set<String> parseFilter(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : csv.split(",", -1)) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (!STATES.contains(s)) {
                throw CollabException.of(
                        ErrorCode.INVALID_QUERY,
                        "`verification` must be a CSV of ('pending', 'valid', 'invalid'), got '" + csv + "'");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_QUERY,
                    "`verification` must be a CSV of ('pending', 'valid', 'invalid'), got '" + csv + "'");
        }
        return Set.copyOf(out);
    }
}
