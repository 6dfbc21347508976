package dev.agentcollab.core.http.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serialised leaderboards kept per query. While no result, registration or verdict changes, the service answers a
 * query with a board over the very same rows list ({@code LeaderboardCache}) and only {@code meta.generated_at},
 * the time of the call, differs from one answer to the next. Such a board is served as the kept bytes with its
 * stamp written over the kept one (ISO stamps of one length, characters JSON writes as they are), so the rows are
 * not serialised again: the bytes are the ones serialising the board would give. Any other board (other rows list,
 * other counts or fields, a stamp of another shape) is serialised anew and replaces the entry. Bounded by the bytes
 * it holds. Thread safe.
 */
final class LeaderboardResponses {
    private static final byte[] STAMP_KEY = "\"generated_at\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Cache<LeaderboardQuery, Kept> cache;
    private final LongAdder serialised = new LongAdder();

    /** A board as serialised, and where its stamp's characters start in the bytes. */
    private record Kept(Leaderboard board, byte[] bytes, int stampAt) {}

    /**
     * Creates a cache.
     *
     * @param maxBytes the most serialised bytes kept (each entry is also counted with a fixed overhead)
     */
    LeaderboardResponses(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, but was " + maxBytes);
        }
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((LeaderboardQuery q, Kept k) -> 256 + k.bytes().length)
                .build();
    }

    /**
     * The answer for a board.
     *
     * @param query the query the board answers
     * @param board the board
     * @return its serialised answer
     */
    JsonResponse render(LeaderboardQuery query, Leaderboard board) {
        Objects.requireNonNull(query, "query");
        String stamp = board.meta().generatedAt();
        Kept kept = cache.getIfPresent(query);
        if (kept != null
                && sameBut(kept.board(), board)
                && plain(stamp, kept.board().meta().generatedAt())) {
            byte[] bytes = kept.bytes().clone();
            for (int i = 0; i < stamp.length(); i++) {
                bytes[kept.stampAt() + i] = (byte) stamp.charAt(i);
            }
            return JsonResponse.serialised(bytes);
        }
        serialised.increment();
        JsonResponse fresh = JsonResponse.of(board);
        int at = stampAt(fresh.bytes(), stamp);
        if (at >= 0 && plain(stamp, stamp)) {
            cache.put(query, new Kept(board, fresh.bytes(), at));
        }
        return fresh;
    }

    /** How many boards were serialised (not served from kept bytes) so far. */
    long serialised() {
        return serialised.sum();
    }

    /** Whether two boards serialise alike but for {@code generated_at}: the same rows list and equal fields. */
    private static boolean sameBut(Leaderboard kept, Leaderboard board) {
        return kept.rows() == board.rows()
                && kept.scoreField().equals(board.scoreField())
                && kept.order().equals(board.order())
                && kept.guardField().equals(board.guardField())
                && kept.meta().resultsConsidered() == board.meta().resultsConsidered()
                && kept.meta().excluded().equals(board.meta().excluded());
    }

    /**
     * Whether {@code stamp} can be written over {@code keptStamp}: as long, and of printable ASCII that JSON writes
     * unescaped.
     */
    private static boolean plain(String stamp, String keptStamp) {
        if (stamp.length() != keptStamp.length()) {
            return false;
        }
        for (int i = 0; i < stamp.length(); i++) {
            char c = stamp.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the stamp's characters start in the serialised board, or -1: the last {@code "generated_at":"<stamp>"}
     * of the bytes ({@code meta} comes after the rows, and a quote inside a string is always escaped, so it is the
     * meta's).
     */
    static int stampAt(byte[] bytes, String stamp) {
        byte[] value = stamp.getBytes(StandardCharsets.US_ASCII);
        for (int at = bytes.length - STAMP_KEY.length - value.length - 1; at >= 0; at--) {
            int end = at + STAMP_KEY.length;
            if (Arrays.equals(bytes, at, end, STAMP_KEY, 0, STAMP_KEY.length)
                    && Arrays.equals(bytes, end, end + value.length, value, 0, value.length)
                    && bytes[end + value.length] == '"') {
                return end;
            }
        }
        return -1;
    }
}
