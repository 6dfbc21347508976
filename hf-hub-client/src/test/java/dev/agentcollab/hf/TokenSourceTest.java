package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.testkit.hub.FakeHfHub;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client built with a token source asks it on each call, so a rotated token works without a new client. */
@Timeout(60)
class TokenSourceTest {
    @Test
    void aRotatedTokenIsUsedByTheSameClient() {
        try (FakeHfHub hub = FakeHfHub.start().addUser("ana", "hf_ana_1", Map.of("team", "admin"))) {
            AtomicReference<String> current = new AtomicReference<>("hf_ana_1");
            HfHubClient client = HfHubClient.builder()
                    .endpoint(hub.endpoint())
                    .tokenSource(current::get)
                    .build();
            HfBucketId bucket = HfBucketId.parse("team/b");
            client.buckets().create(bucket, true, true);
            assertEquals("ana", client.whoami().name());

            hub.revokeToken("hf_ana_1");
            hub.addUser("ana", "hf_ana_2", Map.of("team", "admin"));
            HfHubException refused = assertThrows(HfHubException.class, client::whoami);
            assertEquals(HfHubException.Kind.UNAUTHORIZED, refused.kind());

            current.set("hf_ana_2");
            assertEquals("ana", client.whoami().name());
            client.buckets().upload(bucket, "a.txt", "a".getBytes(StandardCharsets.UTF_8));

            current.set(" ");
            assertThrows(HfHubException.class, client::whoami, "a blank token is none: anonymous");
        }
    }
}
