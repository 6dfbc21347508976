package dev.agentcollab.api.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListQueryTest {

    @Test
    void buildsAndCopies() {
        ListQuery q = ListQuery.builder()
                .since("20260601")
                .agent("agent-1")
                .expand(true)
                .limit(5)
                .order(SortOrder.ASC)
                .match("hf_user", "alice")
                .build();
        ListQuery copy = q.toBuilder().limit(null).build();
        assertEquals(Optional.empty(), copy.limit());
        assertEquals(Map.of("hf_user", "alice"), copy.match());
        assertEquals(q.since(), copy.since());
        assertFalse(ListQuery.defaults().expand());
        assertThrows(UnsupportedOperationException.class, () -> q.match().put("x", "y"));
    }

    @Test
    void pagesValidateCounts() {
        assertEquals(0, Page.empty().count());
        assertThrows(IllegalArgumentException.class, () -> new Page<>(-1, 0, List.of(), Optional.empty()));
    }
}
