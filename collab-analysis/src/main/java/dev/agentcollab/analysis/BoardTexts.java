package dev.agentcollab.analysis;

import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Collects the texts of a collaboration for {@link BoardAnalyzer}: every board message body and every result's
 * {@code method} (plus its {@code description}), read through the {@link Board} and {@link Results} features of
 * {@link dev.agentcollab.api.Collab}, page by page: the newest ones when there are more than asked for (a long
 * collaboration's analysis is about what it does now), handed over oldest first.
 */
public final class BoardTexts {
    private static final int PAGE = 200;

    private BoardTexts() {}

    /**
     * Reads messages and result methods.
     *
     * @param board the board feature ({@code collab.board()})
     * @param results the results feature
     * @param max the most texts of each kind to read
     * @return the texts, messages first
     */
    public static List<BoardText> collect(Board board, Results results, int max) {
        List<BoardText> out = new ArrayList<>();
        for (MessageRecord m : readAll(board::messages, MessageRecord::filename, max)) {
            out.add(BoardText.message(m.filename(), author(m.filename(), m.field("agent")), m.body()));
        }
        for (ResultRecord r : readAll(results::list, ResultRecord::filename, max)) {
            String text =
                    r.field("method").orElse("") + " " + r.field("description").orElse("");
            out.add(BoardText.resultMethod(r.filename(), author(r.filename(), r.field("agent")), text.strip()));
        }
        return out;
    }

    /** The newest {@code max} records, newest first page by page ({@code before} the last one), then reversed. */
    private static <T> List<T> readAll(Function<ListQuery, Page<T>> list, Function<T, String> name, int max) {
        List<T> all = new ArrayList<>();
        String before = null;
        while (all.size() < max) {
            Page<T> page = list.apply(ListQuery.builder()
                    .expand(true)
                    .order(SortOrder.DESC)
                    .limit(Math.min(PAGE, max - all.size()))
                    .before(before)
                    .build());
            all.addAll(page.items());
            if (page.next().isEmpty() || page.items().isEmpty()) {
                break;
            }
            before = name.apply(page.items().get(page.items().size() - 1));
        }
        return all.reversed();
    }

    /** The author per the anchor's rule: the part after the first {@code _} of a stamped filename. */
    static String author(String filename, Optional<String> fallback) {
        String stem = filename.endsWith(".md") ? filename.substring(0, filename.length() - 3) : filename;
        int u = stem.indexOf('_');
        if (u >= 8 && stem.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return stem.substring(u + 1);
        }
        return fallback.orElse(stem);
    }
}
