package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.query.SortOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListEngineTest {
    private static final ListEngine.Spec SPEC = ListEngine.Spec.messages(200);

    private static List<ListEngine.Item<String>> items(int n) {
        List<ListEngine.Item<String>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String f = String.format("20260601-10%02d%02d-000_agent-%d.md", i / 60, i % 60, i % 3);
            out.add(new ListEngine.Item<>(
                    f, "agent-" + (i % 3), Document.of(Map.of("type", i % 2 == 0 ? "a" : "b"), "n" + i), f));
        }
        return out;
    }

    @Test
    void defaultsToTenNewestFirstWithANextCursor() {
        Page<String> p = ListEngine.run(items(25), ListQuery.defaults(), SPEC);
        assertEquals(25, p.count());
        assertEquals(25, p.matched());
        assertEquals(10, p.items().size());
        assertEquals(p.items().get(9), p.next().orElseThrow());
        assertTrue(p.items().get(0).compareTo(p.items().get(1)) > 0);
        Page<String> rest = ListEngine.run(
                items(25), ListQuery.builder().before(p.next().get()).limit(0).build(), SPEC);
        assertEquals(15, rest.items().size());
        assertTrue(rest.next().isEmpty());
        assertEquals(25, rest.matched());
    }

    @Test
    void afterIsExclusiveAndPollingNeverRedelivers() {
        List<ListEngine.Item<String>> all = items(5);
        Page<String> asc = ListEngine.run(
                all,
                ListQuery.builder()
                        .order(SortOrder.ASC)
                        .after(all.get(2).filename())
                        .build(),
                SPEC);
        assertEquals(List.of(all.get(3).filename(), all.get(4).filename()), asc.items());
        assertEquals(5, asc.matched());
    }

    @Test
    void expandCapsTheLimit() {
        List<ListEngine.Item<String>> many = items(250);
        assertEquals(
                200,
                ListEngine.run(many, ListQuery.builder().expand(true).build(), SPEC)
                        .items()
                        .size());
        assertEquals(
                200,
                ListEngine.run(many, ListQuery.builder().expand(true).limit(0).build(), SPEC)
                        .items()
                        .size());
        assertEquals(
                200,
                ListEngine.run(many, ListQuery.builder().expand(true).limit(500).build(), SPEC)
                        .items()
                        .size());
        assertEquals(
                7,
                ListEngine.run(many, ListQuery.builder().expand(true).limit(7).build(), SPEC)
                        .items()
                        .size());
        assertEquals(
                250,
                ListEngine.run(many, ListQuery.builder().limit(-1).build(), SPEC)
                        .items()
                        .size());
    }

    @Test
    void filtersApplyBeforeMatchedAndUnsupportedOnesAreIgnored() {
        Page<String> p = ListEngine.run(
                items(12),
                ListQuery.builder().type("a").agent("agent-0").limit(0).build(),
                SPEC);
        assertEquals(12, p.count());
        assertEquals(2, p.matched());
        // status is not a message filter: ignored like an unknown query parameter
        assertEquals(
                12,
                ListEngine.run(items(12), ListQuery.builder().status("x").build(), SPEC)
                        .matched());
        assertEquals(
                1,
                ListEngine.run(items(12), ListQuery.builder().q("N11").build(), SPEC)
                        .matched());
        assertEquals(SortOrder.ASC, SortOrder.parse("bogus"));
        assertEquals(SortOrder.DESC, SortOrder.parse("DESC"));
    }
}
