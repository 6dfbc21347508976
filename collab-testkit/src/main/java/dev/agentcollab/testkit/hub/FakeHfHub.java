package dev.agentcollab.testkit.hub;

import com.sun.net.httpserver.HttpServer;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.testkit.bucket.FaultInjector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process fake of the Hugging Face Hub's bucket and identity endpoints, on a loopback port chosen by the
 * system. It speaks the wire protocol written down in docs/hf-buckets-protocol.md:
 *
 * <ul>
 *   <li>{@code GET /api/whoami-v2} with users, emails and org roles registered by {@link #addUser};
 *   <li>{@code GET|POST /api/buckets/{org}/{name}} (info, create: 401 without token, 403 without write role, 409
 *       when it exists; private buckets are invisible (404 {@code RepoNotFound}) to non-members);
 *   <li>{@code GET /api/buckets/{id}/tree[/{prefix}]?recursive=} paginated by {@code Link: rel="next"} with
 *       {@link #treePageSize(int)} items per page; {@code POST .../paths-info};
 *   <li>{@code POST /api/buckets/{id}/batch} (NDJSON {@code addFile}/{@code copyFile}/{@code deleteFile}), not
 *       transactional, like the Hub's: each operation is applied or listed in the answer's {@code failed}, and the
 *       answer is {@code {"success","processed","succeeded","failed"}} with 200, or 422 when something failed (one
 *       call is applied under one lock, so readers see all of its applied operations or none);
 *       {@link #failNextBatchOperation} fails single operations;
 *   <li>{@code HEAD|GET /buckets/{id}/resolve/{path}}, answered with a redirect to the content store (see below);
 *   <li>{@code GET /api/organizations/{org}/members[?email=&limit=&offset=]}: the registered users with a role in
 *       the org, {@code [{"user","role"}]}, paginated by {@link #treePageSize(int)} with {@code Link: rel="next"};
 *   <li>{@code GET /api/buckets/{id}/xet-write-token} and the Xet CAS under {@code {endpoint}/cas}: xorb and shard
 *       uploads at the real routes ({@code POST /v1/xorbs/default/{hash}}, {@code POST /v1/shards}), parsed and
 *       checked with the fake's own implementation of the Xet hashes (chunk, xorb, file and verification hashes;
 *       a mismatch answers 400); files are registered under their Xet file hash for {@code addFile}.
 * </ul>
 *
 * <p>Reads: {@code resolve} answers 302 to {@code {endpoint}/cas/blobs/{fileHash}} with {@code X-Xet-Hash} and
 * {@code Link} entries {@code rel="xet-auth"} ({@code GET /api/buckets/{id}/xet-read-token}) and
 * {@code rel="xet-reconstruction-info"}; the CAS serves {@code GET /v2/reconstructions/{fileHash}} (and v1) and ranged
 * xorb fetches (see {@code FakeCas}). It follows the Xet spec rather than any one client: it accepts shards without
 * footer (the spec's upload form) and with one, refuses shards without verification entries and xorbs with an
 * {@code XETBLOB} footer (400), answers 403 to a read token on the upload routes, serves v2 and v1 reconstructions
 * (with {@code Range}) and multi-range xorb fetches, decodes and can serve LZ4 and BG4-LZ4 chunks with linked or
 * independent blocks ({@link #serveXorbsCompressed}), lets Xet tokens expire ({@link #xetTokenLifetime},
 * {@link #revokeXetTokens}) and pre-signed URLs too ({@link #expirePresignedUrls}), and can drop its v2 routes
 * ({@link #disableCasV2()}).
 * <b>Simplified:</b> no global deduplication index; fetch URLs are "signed" with a generation number only. Not emulated: rate limits other than whoami's (inject them
 * as faults), bucket deletion, moves, non-bucket repositories.
 *
 * <p>Identity follows the Hub, not a client: whoami can be rate-limited like the real endpoint
 * ({@link #limitWhoami}), OAuth-style tokens reveal emails and roles only with their scopes
 * ({@link #addOAuthToken}), and the member list can page without {@code Link} headers ({@link #memberPaging}).
 * HF Jobs ({@code /api/jobs}) are served by {@link #jobs()}: requests are checked against the shapes the official
 * clients send, and inspections can answer 404 for a while.
 *
 * <p>Faults: {@link #faults()} applies to whoami, org members and bucket info ({@code INFO}), create ({@code CREATE}), tree and
 * paths-info ({@code LIST}), resolve ({@code READ}) and batch ({@code APPLY}); an injected failure answers with
 * the code's HTTP status, {@code Retry-After} when the fault has one, and the Hub's error body. Every request is
 * recorded ({@link #requests()}). Thread safe; close it to free the port.
 */
public final class FakeHfHub implements AutoCloseable {
    private final FakeHubState state = new FakeHubState();
    private final FaultInjector faults = new FaultInjector();
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
    private final InstantSource clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile int treePageSize = 1000;
    private final FakeHubHandler handler;

    private FakeHfHub(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the fake hub to a loopback port", e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        handler = new FakeHubHandler(state, faults, requests, clock, this::endpointText, () -> treePageSize);
        server.createContext("/", handler);
        server.start();
    }

    /**
     * Starts a fake Hub on a free loopback port, using the system clock.
     *
     * @return the running hub
     */
    public static FakeHfHub start() {
        return new FakeHfHub(InstantSource.system());
    }

    /**
     * Starts a fake Hub on a free loopback port.
     *
     * @param clock the source of creation and upload times
     * @return the running hub
     */
    public static FakeHfHub start(InstantSource clock) {
        return new FakeHfHub(clock);
    }

    /**
     * The base URL to give a client as its endpoint.
     *
     * @return {@code http://127.0.0.1:<port>}
     */
    public URI endpoint() {
        return URI.create(endpointText());
    }

    /**
     * The port the hub listens on.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Registers a user and its token (a user may have several tokens).
     *
     * @param name the user name
     * @param token the token that identifies it
     * @param orgRoles its organisations and roles ({@code admin}, {@code write}, {@code contributor}, {@code read})
     * @return this hub
     */
    public FakeHfHub addUser(String name, String token, Map<String, String> orgRoles) {
        return addUser(name, token, orgRoles, null);
    }

    /**
     * Registers a user with an email address.
     *
     * @param name the user name
     * @param token the token that identifies it
     * @param orgRoles its organisations and roles
     * @param email its email, or {@code null}
     * @return this hub
     */
    public FakeHfHub addUser(String name, String token, Map<String, String> orgRoles, String email) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        state.users.put(
                name,
                new FakeHubState.User(name, Map.copyOf(new LinkedHashMap<>(orgRoles)), Optional.ofNullable(email)));
        state.tokenToUser.put(token, name);
        return this;
    }

    /**
     * Revokes a token: later calls with it answer 401.
     *
     * @param token the token
     */
    public void revokeToken(String token) {
        state.tokenToUser.remove(token);
        handler.identity().revoke(token);
    }

    /**
     * Registers an OAuth access token of a registered user, as "Sign in with Hugging Face" hands out: whoami lists
     * only the orgs the user granted, with {@code roleInOrg} only under the {@code read-memberships} scope and the
     * email only under {@code email}; {@code auth.permissions} lists the scopes. The token stops working after
     * {@code expiresAt}. It cannot call other routes.
     *
     * @param user a user registered with {@link #addUser}
     * @param token the token
     * @param scopes e.g. {@code openid}, {@code profile}, {@code email}, {@code read-memberships}
     * @param grantedOrgs the orgs the user let the app see
     * @param expiresAt when the token expires
     * @return this hub
     */
    public FakeHfHub addOAuthToken(
            String user, String token, Set<String> scopes, Set<String> grantedOrgs, java.time.Instant expiresAt) {
        if (!state.users.containsKey(Objects.requireNonNull(user, "user"))) {
            throw new IllegalArgumentException("unknown user " + user);
        }
        handler.identity()
                .addOAuthToken(
                        Objects.requireNonNull(token, "token"),
                        new FakeHubIdentity.OAuthGrant(user, Set.copyOf(scopes), Set.copyOf(grantedOrgs), expiresAt));
        return this;
    }

    /**
     * Rate-limits {@code GET /api/whoami-v2} as the Hub does on purpose: past {@code requests} calls within a
     * sliding {@code window} (whatever the token), it answers 429 with {@code Retry-After} and the Hub's message.
     *
     * @param requests calls allowed per window
     * @param window the window, on this hub's clock
     */
    public void limitWhoami(int requests, java.time.Duration window) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must be >= 0, but was " + requests);
        }
        handler.identity().limitWhoami(requests, Objects.requireNonNull(window, "window"));
    }

    /**
     * Sets how the org member list pages: at most {@code maxPage} members whatever {@code limit} asks, with or
     * without a {@code Link: rel="next"} header (the Hub's behaviour is not documented, so clients must cope with
     * both).
     *
     * @param maxPage at least 1
     * @param link whether to send {@code Link}
     */
    public void memberPaging(int maxPage, boolean link) {
        if (maxPage < 1) {
            throw new IllegalArgumentException("maxPage must be >= 1, but was " + maxPage);
        }
        handler.identity().membersPaging(maxPage, link);
    }

    /**
     * The fake HF Jobs API and its knobs.
     *
     * @return the jobs API of this hub
     */
    public FakeHubJobs jobs() {
        return handler.jobs();
    }

    /**
     * Creates a bucket directly, without a request.
     *
     * @param id the bucket
     * @param isPrivate whether only org members may see it
     * @return this hub
     */
    public FakeHfHub createBucket(BucketId id, boolean isPrivate) {
        state.buckets.putIfAbsent(id, new FakeHubState.Bucket(id, isPrivate, clock.instant()));
        return this;
    }

    /**
     * Whether a bucket exists.
     *
     * @param id the bucket
     * @return {@code true} when created by a request or {@link #createBucket}
     */
    public boolean hasBucket(BucketId id) {
        return state.buckets.containsKey(id);
    }

    /**
     * The paths stored in a bucket, sorted.
     *
     * @param id the bucket
     * @return the paths, empty when the bucket does not exist
     */
    public List<String> paths(BucketId id) {
        FakeHubState.Bucket b = state.buckets.get(id);
        return b == null ? List.of() : new ArrayList<>(b.files.keySet());
    }

    /**
     * Makes the next batch operation on a path fail, as the Hub reports a failed operation: the batch goes on with
     * the other operations and answers 422 with {@code {"path", "error"}} in {@code failed}.
     *
     * @param path the path of the operation to fail
     * @param error the reason to report
     */
    public void failNextBatchOperation(String path, String error) {
        state.batchFailures.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(error, "error"));
    }

    /**
     * Sets how long the Xet tokens issued from now on live (the default is one hour); the CAS answers 401 to an
     * expired one.
     *
     * @param lifetime a positive duration
     */
    public void xetTokenLifetime(java.time.Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, but was " + lifetime);
        }
        state.xetTokenLifetime = lifetime;
    }

    /** Makes every Xet token issued so far invalid: the CAS answers 401 to them, as to expired ones. */
    public void revokeXetTokens() {
        state.xetTokens.clear();
    }

    /** Makes the CAS's {@code /v2/} routes answer 404, like a CAS that only has the v1 API. */
    public void disableCasV2() {
        state.casV2 = false;
    }

    /**
     * Serves xorbs re-encoded with a compression scheme (the default is {@link XorbCompression#NONE}), as the real
     * CAS serves what clients uploaded, which is mostly LZ4 or BG4-LZ4.
     *
     * @param compression the scheme
     */
    public void serveXorbsCompressed(XorbCompression compression) {
        state.servedScheme = Objects.requireNonNull(compression, "compression");
    }

    /** Expires every pre-signed xorb URL handed out so far: fetching one answers 403, as an expired signature does. */
    public void expirePresignedUrls() {
        state.urlGeneration.incrementAndGet();
    }

    /**
     * Makes every successful xorb fetch expire the pre-signed URLs handed out so far, as a long read on a slow link
     * outlives the signatures of the plan it started with: each further fetch of that plan answers 403.
     */
    public void expirePresignedUrlsAfterEachFetch() {
        state.urlsExpireAfterEachFetch = true;
    }

    /** Makes the next reconstruction answer hand out pre-signed URLs that have expired already (403 on fetch). */
    public void nextReconstructionHasExpiredUrls() {
        nextReconstructionsHaveExpiredUrls(1);
    }

    /**
     * Makes the next reconstruction answers hand out pre-signed URLs that have expired already (403 on fetch).
     *
     * @param plans how many answers, at least 1
     */
    public void nextReconstructionsHaveExpiredUrls(int plans) {
        if (plans < 1) {
            throw new IllegalArgumentException("plans must be >= 1, but was " + plans);
        }
        state.stalePlans.set(plans);
    }

    /**
     * Sets how many items one tree page holds (the default is 1000).
     *
     * @param size at least 1
     */
    public void treePageSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be >= 1, but was " + size);
        }
        this.treePageSize = size;
    }

    /**
     * Call counters and fault knobs.
     *
     * @return the live injector
     */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * The requests received so far, oldest first.
     *
     * @return a snapshot
     */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Takes the oldest recorded request off the log.
     *
     * @return the request, or empty when none is left
     */
    public Optional<RecordedRequest> takeRequest() {
        return Optional.ofNullable(requests.poll());
    }

    /** Stops the server and frees the port. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private String endpointText() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + port();
    }
}
