package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.core.bucket.hf.HfHubClient;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.testkit.bucket.Fault;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.hub.FakeHfHub;
import dev.agentcollab.testkit.time.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubIdentityProviderTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final FakeHfHub hub = FakeHfHub.start()
            .addUser("Alice", "hf_alice", Map.of("org", "admin"), "alice@example.com")
            .addUser("bob", "hf_bob", Map.of("org", "write"))
            .addUser("eve", "hf_eve", Map.of());
    private final HubIdentityProvider provider = new HubIdentityProvider(
            HfHubClient.builder().endpoint(hub.endpoint()).token("hf_alice").build(), Duration.ofMinutes(5), clock);

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void mapsWhoamiAndLooksRolesUpInTheMemberList() {
        HfIdentity alice = provider.whoami("hf_alice");
        assertEquals("Alice", alice.name());
        assertEquals(List.of("org"), alice.orgs());
        assertEquals("human-alice", alice.handle());
        assertEquals(Optional.of("admin"), provider.roleIn("org", alice));
        assertEquals(Optional.of("write"), provider.roleIn("org", provider.whoami("hf_bob")));
        assertEquals(Optional.empty(), provider.roleIn("org", new HfIdentity("stranger", List.of(), Optional.empty())));
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> provider.whoami("hf_nope"))
                        .code());
    }

    @Test
    void aFailedMemberListingIsRetryableAndNotCached() {
        HfIdentity bob = provider.whoami("hf_bob");
        hub.faults().inject(new Fault.FailNext(StoreOp.INFO, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        CollabException e = assertThrows(CollabException.class, () -> provider.roleIn("org", bob));
        assertTrue(e.retryable());
        assertEquals(Optional.of("write"), provider.roleIn("org", bob));
    }

    @Test
    void drivesMeAndTheBroadcastGateOfAService() {
        CollabService service = CollabService.builder()
                .store(InMemoryBucketStore.create(clock))
                .config(CollabConfig.custom("org", "collab").build())
                .identity(provider)
                .clock(clock)
                .build();
        assertTrue(service.session("hf_alice").me().isOrganizer());
        assertFalse(service.session("hf_bob").me().isOrganizer());
        assertFalse(service.session("hf_eve").me().isMember());
        assertTrue(service.session("hf_alice")
                .board()
                .post(MessagePost.raw("human-alice", "hello all").asBroadcast())
                .broadcast());
        CollabException e = assertThrows(CollabException.class, () -> service.session("hf_bob")
                .board()
                .post(MessagePost.raw("human-bob", "x").asBroadcast()));
        assertEquals(ErrorCode.NOT_ORGANIZER, e.code());
        assertEquals("hf user 'bob' is not an admin of 'org'", e.getMessage());
    }
}
