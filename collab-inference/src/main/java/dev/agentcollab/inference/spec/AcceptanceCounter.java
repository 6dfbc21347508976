package dev.agentcollab.inference.spec;

import java.util.ArrayList;
import java.util.List;

/** Mutable accumulator behind {@link AcceptanceStats}; not thread safe. */
public final class AcceptanceCounter {
    private final long[] perPosition;
    private long drafts;
    private long drafted;
    private long accepted;

    /**
     * Creates a counter for up to {@code maxK} draft positions.
     *
     * @param maxK the largest K recorded
     */
    public AcceptanceCounter(int maxK) {
        perPosition = new long[maxK];
    }

    /**
     * Records one verification round.
     *
     * @param k drafts verified
     * @param acceptedDrafts drafts accepted (a prefix of length {@code acceptedDrafts})
     */
    public void record(int k, int acceptedDrafts) {
        if (acceptedDrafts < 0 || acceptedDrafts > k || k > perPosition.length) {
            throw new IllegalArgumentException("invalid round " + acceptedDrafts + "/" + k);
        }
        drafts++;
        drafted += k;
        accepted += acceptedDrafts;
        for (int i = 0; i < acceptedDrafts; i++) {
            perPosition[i]++;
        }
    }

    /**
     * A snapshot.
     *
     * @return the statistics so far
     */
    public AcceptanceStats snapshot() {
        List<Long> pos = new ArrayList<>(perPosition.length);
        for (long c : perPosition) {
            pos.add(c);
        }
        return new AcceptanceStats(drafts, drafted, accepted, pos);
    }
}
