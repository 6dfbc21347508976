package dev.agentcollab.core.service;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A service over a given store with a settable clock and a token table: {@code tok-alice} (alice, admin of
 * {@code org}), {@code tok-bob} (bob, writer), {@code tok-eve} (eve, no org), and {@code tok-<name>} for agents'
 * owners created by {@link #onboard(String)}.
 */
public final class ServiceHarness {
    /** The organisation. */
    public static final String ORG = "org";
    /** The collaboration slug. */
    public static final String SLUG = "collab";

    /**
     * A configuration whose rate limits no test or benchmark reaches: a million raw messages per minute and per
     * hour, bucket writes per burst and per minute, and registrations per minute.
     *
     * @param org the organisation
     * @param slug the collaboration's slug
     * @return the builder, for further settings
     */
    public static CollabConfigBuilder unlimited(String org, String slug) {
        return CollabConfig.custom(org, slug)
                .rawMessagePerMinute(1_000_000)
                .rawMessagePerHour(1_000_000)
                .bucketWriteBurst(1_000_000)
                .bucketWritePerMinute(1_000_000)
                .registrationPerMinute(1_000_000);
    }

    public final MutableClock clock;
    public final BucketStore store;
    public final CollabConfig config;
    public final StaticIdentityProvider identity;
    public final CollabService service;

    public ServiceHarness(BucketStore store, MutableClock clock) {
        this(store, clock, CollabConfig.custom(ORG, SLUG).build());
    }

    public ServiceHarness(BucketStore store, MutableClock clock, CollabConfig config) {
        this(store, clock, config, b -> b);
    }

    /** A service whose builder is finished by {@code tweak} (e.g. a board index snapshot file). */
    public ServiceHarness(
            BucketStore store, MutableClock clock, CollabConfig config, UnaryOperator<CollabService.Builder> tweak) {
        this.clock = clock;
        this.store = store;
        this.config = config;
        StaticIdentityProvider.Builder ids = StaticIdentityProvider.builder()
                .member("tok-alice", "alice", ORG, "admin")
                .member("tok-bob", "bob", ORG, "write")
                .outsider("tok-eve", "eve");
        for (int i = 0; i < 60; i++) {
            ids.member("tok-owner" + i, "owner" + i, ORG, "write");
        }
        this.identity = ids.build();
        this.service = tweak.apply(CollabService.builder()
                        .store(store)
                        .config(config)
                        .identity(identity)
                        .clock(clock))
                .build();
    }

    /** A fresh service instance over the same store and clock (a process restart). */
    public ServiceHarness restart() {
        return new ServiceHarness(store, clock, config);
    }

    public Collab as(String token) {
        return service.session(token);
    }

    public Collab anonymous() {
        return service.anonymous();
    }

    public BucketId bucketOf(String agentId) {
        return config.agentBucket(agentId);
    }

    /** Creates the agent's bucket with a handshake naming the HF user. */
    public void prepareBucket(String agentId, String hfUser) {
        store.create(bucketOf(agentId), true);
        put(agentId, ".bucket-sync-handshake", hfUser + "\n");
    }

    /** Creates the bucket, handshake and registration of an agent owned by {@code ownerN}. */
    public void onboard(String agentId, int owner) {
        prepareBucket(agentId, "owner" + owner);
        as("tok-owner" + owner).agents().register(RegisterRequest.of(agentId, "gemma", "codex", List.of("bash")));
    }

    /** Onboards an agent owned by a per-agent owner index derived from its number. */
    public void onboard(String agentId) {
        onboard(agentId, Math.floorMod(agentId.hashCode(), 60));
    }

    public void put(String agentId, String path, String text) {
        store.put(bucketOf(agentId), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    public String uri(String agentId, String path) {
        return "hf://buckets/" + ORG + "/" + SLUG + "-" + agentId + "/" + path;
    }

    public String central(String path) {
        return store.readString(config.centralBucket(), BucketPath.of(path)).orElseThrow();
    }
}
