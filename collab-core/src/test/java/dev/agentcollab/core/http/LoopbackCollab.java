package dev.agentcollab.core.http;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import java.nio.charset.StandardCharsets;

/**
 * Test fixture: a real {@link CollabService} over a bucket store, served by a real {@link CollabServer} on
 * loopback port 0. Users {@code alice} (token {@code tok-alice}, admin) and {@code bob} ({@code tok-bob}) are
 * members of org {@code org}; the collaboration slug is {@code demo}.
 */
final class LoopbackCollab implements AutoCloseable {
    static final String ORG = "org";
    static final String SLUG = "demo";

    final BucketStore store;
    final CollabService service;
    final RunningServer server;
    /** What the deployment's health check reports: set it to make {@code GET /v1/status} list a problem. */
    final java.util.concurrent.atomic.AtomicReference<java.util.Optional<String>> problem =
            new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());

    LoopbackCollab(BucketStore store, CollabConfig config) {
        this(store, config, java.time.Clock.systemUTC(), 0, DashboardSettings.defaults());
    }

    /** A fixture on a given clock, port (0 for any) and dashboard settings. */
    LoopbackCollab(
            BucketStore store,
            CollabConfig config,
            java.time.InstantSource clock,
            int port,
            DashboardSettings dashboard) {
        this.store = store;
        this.service = CollabService.builder()
                .store(store)
                .config(config)
                .clock(clock)
                .identity(StaticIdentityProvider.builder()
                        .member("tok-alice", "alice", ORG, "admin")
                        .member("tok-bob", "bob", ORG, "write")
                        .build())
                .healthCheck(problem::get)
                .build();
        this.server = CollabServer.create(c -> c.port(port)
                        .sessions(service::session)
                        .description(ServiceDescription.of(ORG, SLUG))
                        .dashboardSettings(dashboard))
                .start();
    }

    LoopbackCollab(BucketStore store) {
        this(store, CollabConfig.custom(ORG, SLUG).build());
    }

    /** Creates an agent's scratch bucket with the ownership handshake for an HF user. */
    void scratchBucket(String agentId, String hfUser) {
        BucketId bucket = BucketId.parse(ORG + "/" + SLUG + "-" + agentId);
        store.create(bucket, true);
        store.put(bucket, BucketPath.of(".bucket-sync-handshake"), (hfUser + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file into an agent's scratch bucket and returns its source URI. */
    String writeSource(String agentId, String path, String content) {
        BucketId bucket = BucketId.parse(ORG + "/" + SLUG + "-" + agentId);
        store.put(bucket, BucketPath.of(path), content.getBytes(StandardCharsets.UTF_8));
        return "hf://buckets/" + ORG + "/" + SLUG + "-" + agentId + "/" + path;
    }

    /** A client for a bearer token ({@code null} for none). */
    CollabClient client(String token) {
        return CollabClient.create(
                ClientConfig.custom(server.baseUri()).token(token).build());
    }

    @Override
    public void close() {
        server.close();
        service.close();
        store.close();
    }
}
