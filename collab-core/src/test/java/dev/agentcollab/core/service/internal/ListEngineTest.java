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

    @Test
    void qAndEqualityFiltersSeeFrontmatterAsPythonsStrWritesIt() {
        Document rich = FrontmatterCodec.parse("---\ntype: [plan, draft]\nvia: null\nbudget: {gpu: 300}\n"
                + "ok: true\nlr: 1.0e-5\nscore: 300.0\nnote: \"it's\"\n---\nbody\n");
        Document plain = Document.of(Map.of("type", "plan"), "other");
        String f1 = "20260601-100000-000_agent-1.md";
        String f2 = "20260601-100001-000_agent-2.md";
        List<ListEngine.Item<String>> all = List.of(
                new ListEngine.Item<>(f1, "agent-1", rich, f1), new ListEngine.Item<>(f2, "agent-2", plain, f2));
        for (String q : List.of(
                "type: ['plan', 'draft']",
                "via: None",
                "budget: {'gpu': 300}",
                "ok: True",
                "lr: 1e-05",
                "score: 300.0",
                "note: it's")) {
            assertEquals(
                    List.of(f1),
                    ListEngine.run(all, ListQuery.builder().q(q).build(), SPEC).items(),
                    q);
        }
        for (String q : List.of("type: [plan", "via: \n", "budget: {gpu=300}", "lr: 1.0e-5", "score: 300\n")) {
            assertEquals(
                    List.of(),
                    ListEngine.run(all, ListQuery.builder().q(q).build(), SPEC).items(),
                    q);
        }
        assertEquals(
                List.of(f1),
                ListEngine.run(
                                all,
                                ListQuery.builder().type("['plan', 'draft']").build(),
                                SPEC)
                        .items());
        assertEquals(
                List.of(f1),
                ListEngine.run(all, ListQuery.builder().via("None").build(), SPEC)
                        .items());
        assertEquals(
                List.of(f2),
                ListEngine.run(all, ListQuery.builder().via("").build(), SPEC).items());
    }
}
