package dev.agentcollab.core.service.result;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.core.service.DigestSection;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.leaderboard.DefaultLeaderboards;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digest parts owned by results (reference §6 {@code GET /v1/digest}): {@code leaderboard} (the rows of the
 * default leaderboard, at most 10, not since-filtered) and {@code recent_results} (up to 10 results with their
 * verification, newest first, since-filtered).
 */
public final class ResultsDigestSections {
    private static final int RECENT = 10;

    private ResultsDigestSections() {}

    /**
     * The {@code leaderboard} section.
     *
     * @param results the results context
     * @return the section
     */
    public static DigestSection leaderboard(ResultsContext results) {
        DefaultLeaderboards boards = new DefaultLeaderboards(results);
        return new DigestSection() {
            @Override
            public String key() {
                return "leaderboard";
            }

            @Override
            public Object compute(DigestQuery query, Optional<String> sinceStamp) {
                return boards.leaderboard(LeaderboardQuery.defaults().withLimit(10))
                        .rows();
            }
        };
    }

    /**
     * The {@code recent_results} section.
     *
     * @param results the results context
     * @return the section
     */
    public static DigestSection recentResults(ResultsContext results) {
        return new DigestSection() {
            @Override
            public String key() {
                return "recent_results";
            }

            @Override
            public Object compute(DigestQuery query, Optional<String> sinceStamp) {
                Map<String, String> index = results.index().read();
                Optional<ReadModel.Records> view = results.service().reads().records(ResultStore.FOLDER);
                if (view.isPresent()) {
                    return newest(view.get(), index, sinceStamp);
                }
                List<StoredDoc> docs =
                        new ArrayList<>(ResultStore.documents(results.service().reads()));
                docs.sort((a, b) -> b.filename().compareTo(a.filename()));
                List<ResultRecord> out = new ArrayList<>();
                for (StoredDoc d : docs) {
                    if (out.size() == RECENT) {
                        break;
                    }
                    if (sinceStamp.isEmpty() || Stamps.stampOf(d.filename()).compareTo(sinceStamp.get()) >= 0) {
                        out.add(ResultStore.record(d, index));
                    }
                }
                return out;
            }
        };
    }

    /**
     * The newest results from the sorted view, loading only those returned: a filename's stamp is its fixed-width
     * prefix, so once one is older than {@code since}, every smaller filename is too.
     */
    private static List<ResultRecord> newest(
            ReadModel.Records view, Map<String, String> index, Optional<String> sinceStamp) {
        List<ResultRecord> out = new ArrayList<>();
        for (Iterator<String> it = view.filenames(null, null, true); it.hasNext() && out.size() < RECENT; ) {
            String filename = it.next();
            if (sinceStamp.isPresent() && Stamps.stampOf(filename).compareTo(sinceStamp.get()) < 0) {
                break;
            }
            view.load(filename).ifPresent(d -> out.add(ResultStore.record(d, index)));
        }
        return out;
    }
}
