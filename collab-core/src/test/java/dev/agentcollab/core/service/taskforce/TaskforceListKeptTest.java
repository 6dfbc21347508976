package dev.agentcollab.core.service.taskforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceSummary;
import dev.agentcollab.core.service.BackendFixture;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The taskforce list is the same instance while no taskforce changed (what lets the route serve its kept rendering),
 * and a new, correct one after a note, a README edit through the service or out of band, or a registration.
 */
class TaskforceListKeptTest extends BackendFixture {
    @Override
    protected BucketStore newStore(MutableClock clock) {
        return memory(clock);
    }

    private TaskforceList list(Optional<String> q) {
        return h.anonymous().taskforces().list(q, Optional.empty());
    }

    private static List<String> names(TaskforceList list) {
        return list.items().stream().map(TaskforceSummary::name).toList();
    }

    @Test
    void theListIsKeptUntilATaskforceChanges() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.anonymous().taskforces().create(TaskforcePost.raw("kv", "agent-1", "# KV\nPaged cache."));
        clock.advance(Duration.ofMinutes(2)); // README stamps are to the minute
        h.anonymous().taskforces().create(TaskforcePost.raw("spec", "agent-2", "# Spec\nDraft heads."));
        TaskforceList first = list(Optional.empty());
        assertEquals(List.of("spec", "kv"), names(first));
        assertSame(first, list(Optional.empty()), "nothing changed");
        TaskforceList paged = list(Optional.of("paged"));
        assertEquals(List.of("kv"), names(paged));
        assertSame(paged, list(Optional.of("paged")));

        clock.advance(Duration.ofMinutes(2));
        h.anonymous().taskforces().contribute("kv", Contribution.rawNote("agent-2", "a note"));
        TaskforceList afterNote = list(Optional.empty());
        assertNotSame(first, afterNote);
        assertEquals(List.of("kv", "spec"), names(afterNote), "kv is the most recently active now");
        assertEquals(1, afterNote.items().getFirst().noteCount());

        clock.advance(Duration.ofSeconds(30));
        h.anonymous().taskforces().create(TaskforcePost.raw("spec", "agent-2", "# Spec\nPaged drafts."));
        assertEquals(List.of("kv", "spec"), names(list(Optional.of("paged"))), "a README edit through the service");

        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("taskforces/kv/README.md"),
                "---\ntaskforce: kv\ncreator: agent-1\ncreated: 2026-06-01 10:00 UTC\n---\n# KV\nRing buffers.\n"
                        .getBytes(StandardCharsets.UTF_8));
        TaskforceList beforeTtl = list(Optional.of("paged"));
        clock.advance(Duration.ofMinutes(5));
        TaskforceList seen = list(Optional.of("paged"));
        assertNotSame(beforeTtl, seen);
        assertEquals(List.of("spec"), names(seen), "an out-of-band README edit, after the TTL");

        TaskforceList before = list(Optional.empty());
        h.onboard("agent-3", 3);
        assertNotSame(before, list(Optional.empty()), "a registration may name a contributor");
    }
}
