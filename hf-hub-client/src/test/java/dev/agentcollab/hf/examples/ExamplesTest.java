package dev.agentcollab.hf.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's examples run against the fake Hub, so they compile and do what they say. */
@Timeout(60)
class ExamplesTest {
    private FakeHfHub hub;

    @BeforeEach
    void start() {
        hub = FakeHfHub.start()
                .addUser("ana", "hf_ana", Map.of("team", "admin"), "ana@example.org")
                .addUser("bob", "hf_bob", Map.of("team", "read"));
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void whoamiAndOrgMembers() {
        List<String> lines = WhoamiExample.run(hub.endpoint(), "hf_ana", "team");
        assertEquals("ana (user), role in team: admin", lines.getFirst());
        assertTrue(lines.contains("member ana: admin"), lines::toString);
        assertTrue(lines.contains("member bob: read"), lines::toString);
    }

    @Test
    void aBucketRoundTripThroughXetStorage() {
        List<String> out = BucketExample.run(hub.endpoint(), "hf_ana", HfBucketId.parse("team/scratch"));
        assertEquals(List.of("notes/hello.txt", "hello from Java\n"), out);
    }

    @Test
    void aJobIsLaunchedListedInspectedAndCanceled() {
        hub.jobs().logLines(List.of("hello from HF Jobs"));
        List<String> out = JobsExample.run(hub.endpoint(), "hf_ana", "team");
        String id = hub.jobs().jobIds().getFirst();
        assertEquals(List.of("SCHEDULING", id, "hello from HF Jobs"), out);
        assertEquals(1, hub.jobs().cancels(id));
    }
}
