package dev.agentcollab.app.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code --limit 0} lists every record although the server caps an expanded page at 200. */
class ListOptionsTest {
    private static final List<String> NAMES = IntStream.range(0, 450)
            .mapToObj(i -> String.format("20260601-10%04d-000_agent-a.md", i))
            .toList();

    private final List<ListQuery> asked = new ArrayList<>();

    /** The server's list grammar over {@link #NAMES}: bounds exclusive, a page cut at 200 with its last as next. */
    private Page<String> server(ListQuery q) {
        asked.add(q);
        boolean asc = q.order().filter(o -> o == SortOrder.ASC).isPresent();
        List<String> all = NAMES.stream()
                .filter(n -> q.after().map(a -> n.compareTo(a) > 0).orElse(true))
                .filter(n -> q.before().map(b -> n.compareTo(b) < 0).orElse(true))
                .sorted(asc ? Comparator.naturalOrder() : Comparator.reverseOrder())
                .toList();
        int cap = q.limit().filter(l -> l > 0 && l <= 200).orElse(200);
        List<String> items = all.subList(0, Math.min(cap, all.size()));
        Optional<String> next = all.size() > cap ? Optional.of(items.getLast()) : Optional.empty();
        return new Page<>(NAMES.size(), all.size(), items, next);
    }

    private Page<String> list(ListOptions o) {
        return ListOptions.pages(o.query(), this::server);
    }

    @Test
    void limitZeroFollowsTheCursorsToTheEndNewestFirst() {
        ListOptions o = new ListOptions();
        o.limit = 0;
        Page<String> page = list(o);
        assertEquals(450, page.items().size());
        assertEquals(NAMES.reversed(), page.items());
        assertTrue(page.next().isEmpty());
        assertEquals(3, asked.size(), "450 records in pages of 200");
    }

    @Test
    void limitZeroOldestFirstAndBetweenTwoBoundsKeepsBothBounds() {
        ListOptions o = new ListOptions();
        o.limit = 0;
        o.asc = true;
        o.after = NAMES.get(9);
        o.before = NAMES.get(420);
        Page<String> page = list(o);
        assertEquals(NAMES.subList(10, 420), page.items());
        assertTrue(page.next().isEmpty());

        asked.clear();
        o.asc = false;
        page = list(o);
        assertEquals(NAMES.subList(10, 420).reversed(), page.items(), "newest first keeps --after too");
    }

    @Test
    void aLimitOrAnUnsetLimitListsOnePageAsAskedWithItsCursor() {
        ListOptions o = new ListOptions();
        o.limit = 5;
        Page<String> page = list(o);
        assertEquals(5, page.items().size());
        assertEquals(Optional.of(NAMES.get(445)), page.next());
        assertEquals(1, asked.size());

        asked.clear();
        page = list(new ListOptions());
        assertEquals(1, asked.size(), "no --limit: the server's default page, once");
    }
}
