package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.testkit.bucket.FaultInjector;
import dev.agentcollab.testkit.bucket.StoreOp;
import dev.agentcollab.testkit.hub.FakeHubState.Bucket;
import dev.agentcollab.testkit.hub.FakeHubState.User;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Routes the fake Hub's requests. Bucket metadata is answered here; listings and batches are in
 * {@link FakeHubBuckets}; the Xet CAS under {@code /cas} in {@link FakeCas}; whoami and org members in
 * {@link FakeHubIdentity}; HF Jobs under {@code /api/jobs} in {@link FakeHubJobs}. Every route first records the request
 * and applies injected faults.
 */
final class FakeHubHandler implements HttpHandler {
    private final FakeHubState state;
    private final FaultInjector faults;
    private final Queue<RecordedRequest> requests;
    private final FakeHubBuckets buckets;
    private final FakeCas cas;
    private final Supplier<String> endpoint;
    private final InstantSource clock;
    private final IntSupplier pageSize;
    private final FakeHubIdentity identity;
    private final FakeHubJobs jobs;

    FakeHubHandler(
            FakeHubState state,
            FaultInjector faults,
            Queue<RecordedRequest> requests,
            InstantSource clock,
            Supplier<String> endpoint,
            IntSupplier pageSize) {
        this.state = state;
        this.faults = faults;
        this.requests = requests;
        this.endpoint = endpoint;
        this.clock = clock;
        this.pageSize = pageSize;
        this.buckets = new FakeHubBuckets(state, clock, endpoint, pageSize);
        this.cas = new FakeCas(state, endpoint, clock);
        this.identity = new FakeHubIdentity(state, clock, endpoint);
        this.jobs = new FakeHubJobs(state, clock, endpoint);
    }

    FakeHubIdentity identity() {
        return identity;
    }

    FakeHubJobs jobs() {
        return jobs;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        try (http) {
            FakeHubExchange ex = new FakeHubExchange(http);
            requests.add(new RecordedRequest(
                    http.getRequestMethod(),
                    http.getRequestURI().getRawPath(),
                    http.getRequestURI().getRawQuery(),
                    ex.body));
            try {
                route(ex, segments(http.getRequestURI().getRawPath()), http.getRequestMethod());
            } catch (CollabException injected) {
                injected.retryAfter()
                        .ifPresent(d -> http.getResponseHeaders().set("Retry-After", Long.toString(d.toSeconds())));
                ex.error(injected.httpStatus(), null, injected.getMessage());
            } catch (RuntimeException bug) {
                ex.error(500, null, "fake hub failure: " + bug);
            }
        }
    }

    private void route(FakeHubExchange ex, List<String> s, String method) throws IOException {
        if (s.size() == 2 && s.get(0).equals("api") && s.get(1).equals("whoami-v2") && method.equals("GET")) {
            faults.before(StoreOp.INFO);
            identity.whoami(ex);
        } else if (s.size() == 4
                && s.get(0).equals("api")
                && s.get(1).equals("organizations")
                && s.get(3).equals("members")
                && method.equals("GET")) {
            faults.before(StoreOp.INFO);
            identity.members(ex, s.get(2), pageSize.getAsInt());
        } else if (s.size() >= 2 && s.get(0).equals("api") && s.get(1).equals("jobs")) {
            jobs.route(ex, s.subList(2, s.size()), method);
        } else if (s.size() >= 4 && s.get(0).equals("api") && s.get(1).equals("buckets")) {
            if (badToken(ex)) {
                return;
            }
            BucketId id = bucketId(ex, s.get(2), s.get(3));
            if (id == null) {
                return;
            }
            String action = s.size() > 4 ? s.get(4) : "";
            List<String> rest = s.subList(Math.min(5, s.size()), s.size());
            switch (action + " " + method) {
                case " GET" -> {
                    faults.before(StoreOp.INFO);
                    info(ex, id);
                }
                case " POST" -> {
                    faults.before(StoreOp.CREATE);
                    create(ex, id);
                }
                case "tree GET" -> {
                    faults.before(StoreOp.LIST);
                    buckets.tree(ex, id, String.join("/", rest), user(ex));
                }
                case "paths-info POST" -> {
                    faults.before(StoreOp.LIST);
                    buckets.pathsInfo(ex, id, user(ex));
                }
                case "batch POST" -> {
                    faults.before(StoreOp.APPLY);
                    buckets.batch(ex, id, user(ex));
                }
                case "xet-write-token GET" -> xetToken(ex, id, true);
                case "xet-read-token GET" -> xetToken(ex, id, false);
                default -> ex.error(404, null, "Not Found");
            }
        } else if (s.size() >= 5 && s.get(0).equals("buckets") && s.get(3).equals("resolve")) {
            if (badToken(ex)) {
                return;
            }
            BucketId id = bucketId(ex, s.get(1), s.get(2));
            if (id != null) {
                faults.before(StoreOp.READ);
                buckets.resolve(ex, id, String.join("/", s.subList(4, s.size())), user(ex));
            }
        } else if (!s.isEmpty() && s.get(0).equals("cas")) {
            cas.route(ex, s.subList(1, s.size()), method);
        } else {
            ex.error(404, null, "Not Found");
        }
    }

    private void info(FakeHubExchange ex, BucketId id) throws IOException {
        Bucket b = state.buckets.get(id);
        if (b == null || !FakeHubState.canRead(user(ex), b)) {
            ex.error(404, "RepoNotFound", "Bucket not found");
            return;
        }
        b.lock.readLock().lock();
        try {
            ObjectNode out = FakeHubExchange.JSON.createObjectNode();
            out.put("id", id.toString()).put("private", b.isPrivate).put("createdAt", b.createdAt.toString());
            out.put(
                    "size",
                    b.files.values().stream()
                            .mapToLong(FakeHubState.StoredFile::size)
                            .sum());
            out.put("totalFiles", b.files.size());
            ex.json(200, out);
        } finally {
            b.lock.readLock().unlock();
        }
    }

    private void create(FakeHubExchange ex, BucketId id) throws IOException {
        Optional<User> user = user(ex);
        if (user.isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        if (!FakeHubState.canWrite(user.get(), id.org())) {
            ex.error(403, null, "You don't have the rights to create a bucket under the namespace " + id.org());
            return;
        }
        JsonNode body;
        try {
            body = ex.jsonBody();
        } catch (IOException e) {
            ex.error(400, null, "invalid JSON body");
            return;
        }
        boolean isPrivate = body.path("private").asBoolean(false);
        Bucket fresh = new Bucket(id, isPrivate, clock.instant());
        if (state.buckets.putIfAbsent(id, fresh) != null) {
            ex.error(409, null, "You already created this bucket");
            return;
        }
        ex.json(200, Map.of("url", endpoint.get() + "/buckets/" + id, "name", id.name(), "id", id.toString()));
    }

    /** A write token needs write access; a read token only read access (anonymous for public buckets). */
    private void xetToken(FakeHubExchange ex, BucketId id, boolean write) throws IOException {
        Optional<User> user = user(ex);
        Bucket b = state.buckets.get(id);
        if (write && user.isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
        } else if (b == null || !FakeHubState.canRead(user, b)) {
            ex.error(404, "RepoNotFound", "Bucket not found");
        } else if (write && !FakeHubState.canWrite(user.get(), id.org())) {
            ex.error(403, null, "no write access to " + id);
        } else {
            String token = "xet_" + UUID.randomUUID();
            java.time.Instant expires = clock.instant().plus(state.xetTokenLifetime);
            state.xetTokens.put(token, new FakeHubState.XetToken(id.toString(), expires, write));
            long exp = expires.getEpochSecond();
            ex.json(200, Map.of("accessToken", token, "casUrl", endpoint.get() + "/cas", "exp", exp));
        }
    }

    /**
     * Answers 401 to a bearer token the Hub does not know (invalid, revoked): a bad token is refused on every
     * route, public buckets included, never taken for an anonymous caller (spec: "401 means an invalid, expired or
     * revoked token").
     */
    private boolean badToken(FakeHubExchange ex) throws IOException {
        if (ex.bearer().isPresent() && user(ex).isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return true;
        }
        return false;
    }

    private Optional<User> user(FakeHubExchange ex) {
        return state.userOfToken(ex.bearer().orElse(null));
    }

    private static BucketId bucketId(FakeHubExchange ex, String org, String name) throws IOException {
        try {
            return new BucketId(org, name);
        } catch (CollabException e) {
            ex.error(400, null, "Invalid bucket id: " + org + "/" + name);
            return null;
        }
    }

    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(p -> !p.isEmpty())
                .map(FakeHubExchange::decode)
                .toList();
    }
}
