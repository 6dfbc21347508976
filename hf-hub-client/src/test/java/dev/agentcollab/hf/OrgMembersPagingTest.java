package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.hf.identity.HfOrgMember;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.hub.RecordedRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member list whose {@code Link: rel="next"} names another origin than the client's endpoint (the Hub writes
 * absolute links on its own host name, which differs from an alias or proxy the client may be configured with) is
 * read to its end by offset, as when no link comes: it was cut after the first page, so admins beyond it were
 * silently not organizers.
 */
@Timeout(60)
class OrgMembersPagingTest {
    @Test
    void aNextLinkOnAnotherOriginFallsBackToOffsetsInsteadOfCuttingTheList() {
        try (FakeHfHub hub = FakeHfHub.start()) {
            hub.addUser("admin", "hf_admin", Map.of("big", "admin"));
            for (int i = 0; i < 149; i++) {
                hub.addUser(String.format("m%03d", i), "hf_m" + i, Map.of("big", "write"));
            }
            // the fake writes its links on 127.0.0.1; this client knows the same server as localhost
            URI alias = URI.create("http://localhost:" + hub.port());
            HfHubClient client =
                    HfHubClient.builder().endpoint(alias).token("hf_admin").build();
            for (int hubPage : new int[] {100, 50}) {
                hub.memberPaging(hubPage, true);
                while (hub.takeRequest().isPresent()) {
                    // forget the previous round
                }
                List<HfOrgMember> members = client.orgMembers("big");
                assertEquals(150, members.size(), "hub page " + hubPage);
                assertEquals("m148", members.get(149).user());
                List<String> offsets = hub.requests().stream()
                        .filter(r -> r.rawPath().equals("/api/organizations/big/members"))
                        .map(RecordedRequest::rawQuery)
                        .toList();
                assertEquals(
                        hubPage == 100
                                ? List.of("limit=100&offset=0", "limit=100&offset=100")
                                : List.of("limit=100&offset=0", "limit=100&offset=50", "limit=100&offset=100"),
                        offsets);
            }
        }
    }
}
