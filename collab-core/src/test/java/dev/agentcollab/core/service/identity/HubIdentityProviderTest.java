package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.hf.HfHubClient;
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

    @Test
    void identitiesAreCachedPerTokenSoAThrottledWhoamiIsNotCalledAgain() {
        hub.limitWhoami(2, Duration.ofMinutes(1));
        HubIdentityProvider cached = HubIdentityProvider.builder(HfHubClient.builder()
                        .endpoint(hub.endpoint())
                        .token("hf_alice")
                        .build())
                .identityTtl(Duration.ofSeconds(60))
                .clock(clock)
                .build();
        for (int i = 0; i < 20; i++) {
            assertEquals("Alice", cached.whoami("hf_alice").name());
        }
        assertEquals("bob", cached.whoami("hf_bob").name());
        assertEquals(2, whoamiCalls());
        CollabException throttled = assertThrows(CollabException.class, () -> cached.whoami("hf_eve"));
        assertEquals(ErrorCode.RATE_LIMITED, throttled.code());
        assertTrue(throttled.retryAfter().isPresent());
        clock.advance(Duration.ofSeconds(61));
        hub.limitWhoami(100, Duration.ofMinutes(1));
        assertEquals("Alice", cached.whoami("hf_alice").name());
        assertEquals(4, whoamiCalls()); // the expired entry was asked again; eve's 429 counted once
    }

    @Test
    void aRevokedTokenIsNotCachedOnceTheHubSays401() {
        HubIdentityProvider cached = HubIdentityProvider.builder(HfHubClient.builder()
                        .endpoint(hub.endpoint())
                        .token("hf_alice")
                        .build())
                .identityTtl(Duration.ofSeconds(60))
                .clock(clock)
                .build();
        assertEquals("bob", cached.whoami("hf_bob").name());
        hub.revokeToken("hf_bob");
        assertEquals("bob", cached.whoami("hf_bob").name()); // within the TTL
        clock.advance(Duration.ofSeconds(60));
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> cached.whoami("hf_bob"))
                        .code());
        assertEquals(
                ErrorCode.UNAUTHORIZED,
                assertThrows(CollabException.class, () -> cached.whoami("hf_bob"))
                        .code());
        assertEquals(3, whoamiCalls());
    }

    @Test
    void aThrottledHubIsARetryable503ForTheCallerNeverABadToken() {
        hub.limitWhoami(0, Duration.ofMinutes(1));
        CollabService service = CollabService.builder()
                .store(InMemoryBucketStore.create(clock))
                .config(CollabConfig.custom("org", "collab").build())
                .identity(provider)
                .clock(clock)
                .build();
        CollabException e = assertThrows(
                CollabException.class, () -> service.session("hf_alice").me());
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(503, e.code().httpStatus());
        assertTrue(e.retryable());
        assertTrue(e.retryAfter().orElseThrow().toSeconds() >= 1, e.toString());
        assertTrue(e.getMessage().contains("not rejected"), e.getMessage());
        hub.faults().inject(new Fault.FailNext(StoreOp.INFO, 1, ErrorCode.UPSTREAM_ERROR, Optional.empty()));
        hub.limitWhoami(100, Duration.ofMinutes(1));
        CollabException down = assertThrows(
                CollabException.class, () -> service.session("hf_alice").me());
        assertEquals(ErrorCode.UNAVAILABLE, down.code());
        assertEquals(Duration.ofSeconds(5), down.retryAfter().orElseThrow());
        assertTrue(service.session("hf_alice").me().isOrganizer());
    }

    @Test
    void aWhoamiRefusedWith403IsABadTokenAndA500IsNot() {
        for (int status : new int[] {403, 500}) {
            try (FakeJsonServer whoami = FakeJsonServer.answering(status, "{\"error\":\"nope\"}")) {
                CollabService service = CollabService.builder()
                        .store(InMemoryBucketStore.create(clock))
                        .config(CollabConfig.custom("org", "collab").build())
                        .identity(new HubIdentityProvider(
                                HfHubClient.builder().endpoint(whoami.uri()).build(), Duration.ofMinutes(5), clock))
                        .clock(clock)
                        .build();
                CollabException e = assertThrows(
                        CollabException.class, () -> service.session("hf_x").me());
                assertEquals(status == 403 ? ErrorCode.UNAUTHORIZED : ErrorCode.UNAVAILABLE, e.code(), e.toString());
            }
        }
    }

    @Test
    void orgAndAppTokensAreNotUsers() {
        HubIdentityProvider p = new HubIdentityProvider(
                HfHubClient.builder().endpoint(hub.endpoint()).token("hf_alice").build(), Duration.ofMinutes(5), clock);
        try (FakeJsonServer whoami = FakeJsonServer.answering("{\"type\":\"org\",\"id\":\"1\",\"name\":\"org\"}")) {
            HubIdentityProvider orgProvider = new HubIdentityProvider(
                    HfHubClient.builder().endpoint(whoami.uri()).build(), Duration.ofMinutes(5), clock);
            CollabException e = assertThrows(CollabException.class, () -> orgProvider.whoami("hf_org"));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertTrue(e.getMessage().contains("organisation"), e.getMessage());
        }
        try (FakeJsonServer whoami = FakeJsonServer.answering(
                "{\"type\":\"app\",\"id\":\"1\",\"name\":\"my-app\",\"auth\":{\"type\":\"app_token\"}}")) {
            HubIdentityProvider appProvider = new HubIdentityProvider(
                    HfHubClient.builder().endpoint(whoami.uri()).build(), Duration.ofMinutes(5), clock);
            CollabException e = assertThrows(CollabException.class, () -> appProvider.whoami("hf_app"));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertTrue(e.getMessage().contains("app"), e.getMessage());
        }
        assertEquals("Alice", p.whoami("hf_alice").name());
    }

    @Test
    void anOAuthTokenWithReadMembershipsAnswersTheRoleWithoutTheMemberList() {
        hub.addOAuthToken(
                "bob",
                "oauth_bob",
                java.util.Set.of("openid", "profile", "read-memberships"),
                java.util.Set.of("org"),
                java.time.Instant.now().plus(Duration.ofHours(8)));
        hub.addOAuthToken(
                "Alice",
                "oauth_alice",
                java.util.Set.of("openid", "profile"),
                java.util.Set.of("org"),
                java.time.Instant.now().plus(Duration.ofHours(8)));
        HfIdentity bob = provider.whoami("oauth_bob");
        assertEquals(List.of("org"), bob.orgs());
        assertEquals(Optional.empty(), bob.email());
        HfIdentity alice = provider.whoami("oauth_alice");
        assertEquals(Optional.empty(), alice.email()); // no email scope
        hub.faults().inject(new Fault.FailNext(StoreOp.INFO, 1, ErrorCode.UNAVAILABLE, Optional.empty()));
        assertEquals(Optional.of("write"), provider.roleIn("org", bob)); // whoami's role: no member-list call
        // without read-memberships the role comes from the member list, here failing once
        assertEquals(
                ErrorCode.UNAVAILABLE,
                assertThrows(CollabException.class, () -> provider.roleIn("org", alice))
                        .code());
        assertEquals(Optional.of("admin"), provider.roleIn("org", alice));
        assertTrue(provider.cachesRoles());
    }

    @Test
    void adminsBeyondTheFirstMemberPageAreFoundWithOrWithoutLinkHeaders() {
        for (int i = 0; i < 250; i++) {
            hub.addUser(String.format("member-%03d", i), "hf_m" + i, Map.of("org", "write"));
        }
        hub.addUser("zed", "hf_zed", Map.of("org", "admin"));
        for (boolean link : List.of(true, false)) {
            hub.memberPaging(100, link);
            HubIdentityProvider fresh = new HubIdentityProvider(
                    HfHubClient.builder()
                            .endpoint(hub.endpoint())
                            .token("hf_alice")
                            .build(),
                    Duration.ofMinutes(5),
                    clock);
            assertEquals(Optional.of("admin"), fresh.roleIn("org", fresh.whoami("hf_zed")), "link=" + link);
            assertEquals(Optional.of("write"), fresh.roleIn("org", fresh.whoami("hf_m249")), "link=" + link);
        }
        assertTrue(hub.requests().stream()
                .filter(r -> r.rawPath().endsWith("/members"))
                .filter(r -> r.rawQuery() == null || !r.rawQuery().contains("email="))
                .allMatch(r -> r.rawQuery() != null && r.rawQuery().contains("limit=100")));
    }

    @Test
    void aDemotedAdminLosesBroadcastRightsWithinOneTtl() {
        CollabService service = CollabService.builder()
                .store(InMemoryBucketStore.create(clock))
                .config(CollabConfig.custom("org", "collab").build())
                .identity(provider)
                .clock(clock)
                .build();
        assertTrue(service.session("hf_bob").me().isMember());
        hub.addUser("bob", "hf_bob", Map.of("org", "admin"));
        clock.advance(Duration.ofMinutes(5));
        assertTrue(service.session("hf_bob").me().isOrganizer());
        hub.addUser("bob", "hf_bob", Map.of("org", "write"));
        clock.advance(Duration.ofMinutes(5)); // one TTL, not two
        assertFalse(service.session("hf_bob").me().isOrganizer());
    }

    @Test
    void aBurstOfFirstCallsWithOneTokenCostsOneWhoami() throws Exception {
        hub.limitWhoami(1, Duration.ofMinutes(1));
        hub.faults().inject(new Fault.Latency(StoreOp.INFO, Duration.ofMillis(300)));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> names = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                names.add(pool.submit(() -> provider.whoami("hf_alice").name()));
            }
            for (java.util.concurrent.Future<String> name : names) {
                assertEquals("Alice", name.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, whoamiCalls());
    }

    private long whoamiCalls() {
        return hub.requests().stream()
                .filter(r -> r.rawPath().equals("/api/whoami-v2"))
                .count();
    }
}
