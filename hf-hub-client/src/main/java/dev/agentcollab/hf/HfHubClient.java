package dev.agentcollab.hf;

import static dev.agentcollab.hf.HfHttp.check;
import static dev.agentcollab.hf.HfHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.buckets.HfBatchOp;
import dev.agentcollab.hf.buckets.HfBatchResult;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfBucketInfo;
import dev.agentcollab.hf.buckets.HfBucketsClient;
import dev.agentcollab.hf.buckets.HfTreePage;
import dev.agentcollab.hf.buckets.HfXetFile;
import dev.agentcollab.hf.identity.HfIdentity;
import dev.agentcollab.hf.identity.HfOrgMember;
import dev.agentcollab.hf.identity.HfOrgMembership;
import dev.agentcollab.hf.jobs.HfJobsClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of the Hugging Face Hub, over {@link java.net.http}. Three areas: identity ({@link #whoami()},
 * organisation members), buckets ({@link #buckets()}: info, creation, listing, batches and whole files through Xet
 * storage) and HF Jobs ({@link #jobs(String)}). The single wire calls of buckets are also methods here, for callers
 * that move file bytes through {@link HttpXetUploader} and {@link HttpXetDownloader} themselves: bucket info and
 * creation, the paginated tree listing, paths-info, file download through {@code resolve}, the NDJSON batch
 * endpoint, the Xet write and read tokens. The wire protocol is written down in docs/hf-buckets-protocol.md. Failures throw {@link HfHubException}, which tells the HTTP status, the Hub's
 * error code and message, and {@code Retry-After}; the client never retries, so callers choose their own policy.
 *
 * <p>Thread safe; one instance may serve many threads. Create with {@link #builder()}.
 */
public final class HfHubClient {
    /** The public Hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private static final int MAX_REDIRECTS = 5;
    /** Members asked for per page of the org member list, as the reference backend does. */
    static final int MEMBERS_PAGE = 100;
    /** A bound on member-list pages (100 000 members), so a misbehaving server cannot loop us forever. */
    private static final int MAX_MEMBER_PAGES = 1000;

    private final URI endpoint;
    private final java.util.function.Supplier<Optional<String>> tokenSource;
    private final HfHttp io;

    private HfHubClient(HfHubClientBuilder b) {
        this.endpoint = b.endpoint;
        this.tokenSource = b.token;
        this.io = new HfHttp(
                b.endpoint,
                b.http != null
                        ? b.http
                        : HttpClient.newBuilder()
                                .connectTimeout(b.timeout)
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build(),
                b.timeout);
    }

    /**
     * Starts building a client.
     *
     * @return a builder with the public Hub endpoint, no token and a 30 s request timeout
     */
    public static HfHubClientBuilder builder() {
        return new HfHubClientBuilder(HfHubClient::new);
    }

    /**
     * The Hub base URL.
     *
     * @return the endpoint, without a trailing slash
     */
    public URI endpoint() {
        return endpoint;
    }

    /** The token of a call now (a rotated one as soon as the source gives it). */
    private Optional<String> token() {
        return tokenSource.get();
    }

    /**
     * Resolves the identity behind a token ({@code GET /api/whoami-v2}). The Hub rate-limits this endpoint
     * strictly; callers should cache the answer per token .
     *
     * @param token the caller's Hub token
     * @return the identity
     * @throws HfHubException {@code UNAUTHORIZED} for an invalid token (one with control or non-ASCII characters
     *     is refused without a call); {@code RATE_LIMITED} when throttled
     */
    public HfIdentity whoami(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw HfHubException.of(Kind.UNAUTHORIZED, Resource.IDENTITY, "whoami: empty token");
        }
        if (!token.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            // no Hub token has such characters, and no Authorization header can carry them
            throw HfHubException.of(
                    Kind.UNAUTHORIZED, Resource.IDENTITY, "whoami: the token has control or non-ASCII characters");
        }
        JsonNode node = json(
                io.send(io.get("/api/whoami-v2"), Optional.of(token), Resource.IDENTITY, "whoami"), Resource.IDENTITY);
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            throw HfHubException.invalidResponse(Resource.IDENTITY, "whoami did not return a 'name' field", null);
        }
        List<HfOrgMembership> orgs = new ArrayList<>();
        for (JsonNode org : node.path("orgs")) {
            String orgName = org.path("name").asText("");
            if (!orgName.isBlank()) {
                orgs.add(new HfOrgMembership(orgName, text(org, "roleInOrg")));
            }
        }
        List<String> permissions = new ArrayList<>();
        node.path("auth").path("permissions").forEach(p -> {
            if (p.isTextual()) {
                permissions.add(p.asText());
            }
        });
        return new HfIdentity(
                name,
                node.path("type").asText("user"),
                orgs,
                text(node, "email"),
                text(node.path("auth"), "type"),
                permissions);
    }

    /**
     * The HF Jobs API of a namespace, on this client's endpoint, HTTP client, token and request timeout; log reads
     * end after 5 s without a byte.
     *
     * @param namespace the org (or user) whose credits pay for the jobs
     * @return the Jobs client; its calls throw {@link HfHubException} {@code UNAUTHORIZED} when this client has no
     *     token
     */
    public HfJobsClient jobs(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return new HfJobsClient(
                io.http(),
                endpoint,
                namespace,
                () -> token().orElseThrow(() ->
                        HfHubException.of(Kind.UNAUTHORIZED, Resource.JOB, "jobs: this client has no token")),
                io.timeout(),
                Duration.ofSeconds(5));
    }

    /**
     * The Hub's buckets as one area: info, creation, listing, batches, and whole files in and out through Xet
     * storage, on this client's endpoint, HTTP client, token and request timeout. Each call returns a new facade;
     * keep one to reuse its Xet tokens.
     *
     * @return the buckets client
     */
    public HfBucketsClient buckets() {
        return new HfBucketsClient(
                this,
                new HttpXetUploader(io.http(), io.timeout()),
                new HttpXetDownloader(io.http(), io.timeout()),
                InstantSource.system());
    }

    /**
     * Resolves the identity behind this client's own token.
     *
     * @return the identity
     * @throws HfHubException {@code UNAUTHORIZED} when the client has no token or it is invalid
     */
    public HfIdentity whoami() {
        return whoami(token().orElseThrow(() ->
                HfHubException.of(Kind.UNAUTHORIZED, Resource.IDENTITY, "whoami: this client has no token")));
    }

    /**
     * Describes a bucket ({@code GET /api/buckets/{org}/{name}}).
     *
     * @param bucket the bucket
     * @return its info, or empty when it does not exist or is not visible to the token
     */
    public Optional<HfBucketInfo> bucketInfo(HfBucketId bucket) {
        String what = "bucket info " + bucket;
        HttpResponse<byte[]> r = io.exchange(io.get("/api/buckets/" + bucket), token(), Resource.BUCKET, what);
        if (r.statusCode() / 100 != 2) {
            HfHubException e = HubErrors.fromResponse(r, Resource.BUCKET, what);
            if (missingBucket(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(HfJson.bucketInfo(bucket, json(r, Resource.BUCKET)));
    }

    /**
     * Creates a bucket ({@code POST /api/buckets/{org}/{name}} with {@code {"private": ...}}). With
     * {@code existOk}, a 409 and also a 401 or 403 (a token that may not create in the namespace, yet may see an
     * existing bucket) are answered by reading the bucket back, as {@code huggingface_hub} does.
     *
     * @param bucket the bucket
     * @param isPrivate whether it should be private
     * @param existOk when {@code true}, an existing bucket is not an error
     * @return the bucket's info after creation
     * @throws HfHubException {@code CONFLICT} when it exists and {@code existOk} is false
     */
    public HfBucketInfo createBucket(HfBucketId bucket, boolean isPrivate, boolean existOk) {
        ObjectNode body = HfJson.MAPPER.createObjectNode().put("private", isPrivate);
        HttpRequest.Builder post = io.request("/api/buckets/" + bucket)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        String what = "create bucket " + bucket;
        HttpResponse<byte[]> r = io.exchange(post, token(), Resource.BUCKET_CREATION, what);
        int status = r.statusCode();
        if (existOk && (status == 401 || status == 403)) {
            HfHubException refused = HubErrors.fromResponse(r, Resource.BUCKET_CREATION, what);
            return bucketInfo(bucket).orElseThrow(() -> refused);
        }
        if (!(existOk && status == 409)) {
            check(r, Resource.BUCKET_CREATION, what);
        }
        return bucketInfo(bucket)
                .orElseThrow(() -> HfHubException.invalidResponse(
                        Resource.BUCKET_CREATION, "bucket " + bucket + " was created but cannot be read back", null));
    }

    /**
     * Lists the first page of files under a prefix, recursively
     * ({@code GET /api/buckets/{id}/tree/{prefix}?recursive=true}).
     *
     * @param bucket the bucket
     * @param prefix a path prefix, or {@code ""} for the whole bucket
     * @return the page and the link to the next one
     * @throws HfHubException {@code NOT_FOUND} when the bucket does not exist
     */
    public HfTreePage listTree(HfBucketId bucket, String prefix) {
        String encoded = prefix.isEmpty() ? "" : "/" + HfJson.encodeAll(prefix);
        return treePage(
                bucket, URI.create(endpoint + "/api/buckets/" + bucket + "/tree" + encoded + "?recursive=true"));
    }

    /**
     * Lists a following page of a tree listing.
     *
     * @param bucket the bucket (for error messages)
     * @param next a {@link HfTreePage#next()} URL of this endpoint
     * @return the page
     * @throws IllegalArgumentException when the URL is not on this client's endpoint
     */
    public HfTreePage listTree(HfBucketId bucket, URI next) {
        if (!io.sameOrigin(next)) {
            throw new IllegalArgumentException("next-page URL is not on " + endpoint + ": " + next);
        }
        return treePage(bucket, next);
    }

    /**
     * Describes the given paths ({@code POST /api/buckets/{id}/paths-info}); missing paths are left out.
     *
     * @param bucket the bucket
     * @param paths at most 1000 file paths
     * @return the files found
     */
    public List<HfBucketFile> pathsInfo(HfBucketId bucket, List<String> paths) {
        if (paths.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 paths per call, but got " + paths.size());
        }
        ObjectNode body = HfJson.MAPPER.createObjectNode();
        paths.forEach(body.putArray("paths")::add);
        HttpRequest.Builder post = io.request("/api/buckets/" + bucket + "/paths-info")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        JsonNode node = json(io.send(post, token(), Resource.BUCKET, "paths-info " + bucket), Resource.BUCKET);
        List<HfBucketFile> files = new ArrayList<>();
        node.forEach(item -> files.add(HfJson.file(item)));
        return files;
    }

    /**
     * Downloads one file ({@code GET /buckets/{id}/resolve/{path}}, following redirects; the
     * {@code Authorization} header is dropped when a redirect leaves the endpoint's host).
     *
     * @param bucket the bucket
     * @param path the file
     * @return its bytes, or empty when the file does not exist
     * @throws HfHubException {@code NOT_FOUND} when the bucket does not exist
     */
    public Optional<byte[]> download(HfBucketId bucket, String path) {
        String what = "download " + bucket + "/" + path;
        URI uri = resolveUri(bucket, path);
        Optional<String> auth = token();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<byte[]> r = io.exchange(io.to(uri).GET(), auth, Resource.FILE, what);
            int status = r.statusCode();
            if (status / 100 == 3 && r.headers().firstValue("Location").isPresent()) {
                uri = uri.resolve(r.headers().firstValue("Location").get());
                if (!io.sameOrigin(uri)) {
                    auth = Optional.empty();
                }
                continue;
            }
            if (status / 100 != 2) {
                return missingFile(r, what);
            }
            return Optional.of(r.body());
        }
        throw HfHubException.invalidResponse(Resource.FILE, what + ": more than " + MAX_REDIRECTS + " redirects", null);
    }

    /**
     * Asks where a file's content lives ({@code HEAD /buckets/{id}/resolve/{path}}), the way {@code huggingface_hub}
     * does before a Xet download: relative redirects (a renamed bucket) are followed, the absolute one to the
     * content store is not; the answer's {@code X-Xet-Hash} names the content and the {@code Link: rel="xet-auth"}
     * route (else the {@code X-Xet-Refresh-Route} header) hands out a Xet read token. A route on
     * {@code https://huggingface.co} is rewritten onto this client's endpoint when that is another one (a mirror);
     * routes on other origins are dropped.
     *
     * @param bucket the bucket
     * @param path the file
     * @return the file's Xet hash and token route, or empty when the file does not exist
     * @throws HfHubException {@code NOT_FOUND} when the bucket does not exist
     */
    public Optional<HfXetFile> xetFile(HfBucketId bucket, String path) {
        String what = "resolve " + bucket + "/" + path;
        URI uri = resolveUri(bucket, path);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<byte[]> r = io.exchange(
                    io.to(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()), token(), Resource.FILE, what);
            int status = r.statusCode();
            Optional<String> location = r.headers().firstValue("Location");
            if (status / 100 == 3 && location.isPresent() && isRelative(location.get())) {
                uri = uri.resolve(location.get());
                continue;
            }
            if (status / 100 != 2 && status / 100 != 3) {
                missingFile(r, what);
                return Optional.empty();
            }
            URI base = uri;
            Optional<URI> auth = HfJson.link(r.headers().allValues("Link"), "xet-auth")
                    .or(() -> r.headers().firstValue("X-Xet-Refresh-Route"))
                    .map(this::onEndpoint)
                    .map(base::resolve)
                    .filter(io::sameOrigin);
            return Optional.of(
                    new HfXetFile(r.headers().firstValue("X-Xet-Hash").orElse(""), auth));
        }
        throw HfHubException.invalidResponse(Resource.FILE, what + ": more than " + MAX_REDIRECTS + " redirects", null);
    }

    private URI resolveUri(HfBucketId bucket, String path) {
        return URI.create(endpoint + "/buckets/" + bucket + "/resolve/" + HfJson.encodeAll(path));
    }

    /** Empty for a missing file; throws for everything else (a missing bucket included). */
    private static Optional<byte[]> missingFile(HttpResponse<byte[]> r, String what) {
        HfHubException e = HubErrors.fromResponse(r, Resource.FILE, what);
        String code = e.hubErrorCode().orElse("");
        if (code.equals("EntryNotFound") || (e.status() == 404 && !isBucketMissingCode(code))) {
            return Optional.empty();
        }
        throw e;
    }

    /** Whether a failed bucket call says the bucket does not exist (or is not visible to the token). */
    private static boolean missingBucket(HfHubException e) {
        String code = e.hubErrorCode().orElse("");
        return isBucketMissingCode(code) || (e.status() == 404 && !code.equals("EntryNotFound"));
    }

    private static boolean isBucketMissingCode(String code) {
        return code.equals("RepoNotFound") || code.equals("BucketNotFound");
    }

    private static boolean isRelative(String location) {
        URI u = URI.create(location.strip());
        return u.getScheme() == null && u.getAuthority() == null;
    }

    /** Rewrites a link on the public Hub onto this client's endpoint, as {@code huggingface_hub} does for mirrors. */
    private String onEndpoint(String link) {
        String hub = DEFAULT_ENDPOINT.toString();
        if (!endpoint.equals(DEFAULT_ENDPOINT) && (link.equals(hub) || link.startsWith(hub + "/"))) {
            return endpoint + link.substring(hub.length());
        }
        return link;
    }

    /**
     * Fetches a Xet token from a {@code rel="xet-auth"} route ({@link HfXetFile#authUrl()}), with the Hub token.
     *
     * @param authUrl the route, on this client's endpoint
     * @return the token and CAS URL
     * @throws IllegalArgumentException when the route is not on this client's endpoint
     */
    public XetWriteToken xetToken(URI authUrl) {
        if (!io.sameOrigin(authUrl)) {
            throw new IllegalArgumentException("Xet token route is not on " + endpoint);
        }
        HttpRequest.Builder get = io.to(authUrl).GET();
        return HfJson.xetToken(
                json(io.send(get, token(), Resource.BUCKET, "xet token from " + authUrl), Resource.BUCKET));
    }

    /**
     * Sends one batch ({@code POST /api/buckets/{id}/batch}, {@code application/x-ndjson}, one operation per
     * line). Content of {@link HfBatchOp.AddFile}s must have been uploaded first. The Hub's batch is not
     * transactional: it answers 200, or 422 when some operations failed, with the operations that failed; the
     * others took effect.
     *
     * @param bucket the bucket
     * @param ops the operations, at most 1000
     * @return what the Hub applied; {@link HfBatchResult#failed()} lists what it did not
     * @throws HfHubException when the whole call failed (a 422 without a batch answer is {@code BAD_REQUEST})
     */
    public HfBatchResult batch(HfBucketId bucket, List<? extends HfBatchOp> ops) {
        if (ops.size() > 1000) {
            throw new IllegalArgumentException("at most 1000 operations per batch call, but got " + ops.size());
        }
        if (ops.isEmpty()) {
            return new HfBatchResult(0, 0, List.of());
        }
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        for (HfBatchOp op : ops) {
            ndjson.writeBytes(bytes(HfJson.batchLine(op)));
            ndjson.write('\n');
        }
        String what = "batch " + bucket;
        HttpRequest.Builder post = io.request("/api/buckets/" + bucket + "/batch")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson.toByteArray()));
        HttpResponse<byte[]> r = io.exchange(post, token(), Resource.BUCKET, what);
        if (r.statusCode() / 100 == 2 || r.statusCode() == 422) {
            HfBatchResult result = batchResult(r, ops.size());
            if (result != null) {
                return result;
            }
            if (r.statusCode() / 100 == 2) {
                return new HfBatchResult(ops.size(), ops.size(), List.of());
            }
        }
        throw HubErrors.fromResponse(r, Resource.BUCKET, what);
    }

    private static HfBatchResult batchResult(HttpResponse<byte[]> r, int operations) {
        if (r.body() == null || r.body().length == 0) {
            return null;
        }
        try {
            return HfJson.batchResult(HfJson.MAPPER.readTree(r.body()), operations);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Lists the members of an organisation with their roles ({@code GET /api/organizations/{org}/members}), asking
     * for 100 members a page ({@code limit}, {@code offset}). Like the reference backend it
     * follows {@code Link: rel="next"} when the Hub sends one on this client's endpoint, and otherwise (no link, or
     * one on another origin, which is not sent the token) goes on with the next {@code offset} while pages come back
     * full, so a large org is read to its end whichever way the Hub pages. OAuth tokens do
     * not reveal a caller's role through {@link #whoami(String)}, so organizer checks look the role up here with a
     * token that may read the org.
     *
     * @param org the organisation
     * @return every member, in the Hub's order, each user once
     * @throws HfHubException {@code NOT_FOUND} when the org does not exist; {@code UNAUTHORIZED} without a token
     */
    public List<HfOrgMember> orgMembers(String org) {
        String what = "members of " + org;
        String base = endpoint + "/api/organizations/" + HfJson.encodeAll(org) + "/members";
        URI uri = URI.create(base + "?limit=" + MEMBERS_PAGE + "&offset=0");
        java.util.LinkedHashMap<String, HfOrgMember> all = new java.util.LinkedHashMap<>();
        int offset = 0;
        for (int page = 0; page < MAX_MEMBER_PAGES; page++) {
            HttpResponse<byte[]> r = check(
                    io.exchange(io.to(uri).GET(), token(), Resource.ORGANIZATION, what), Resource.ORGANIZATION, what);
            JsonNode items = json(r, Resource.ORGANIZATION);
            int before = all.size();
            items.forEach(m -> HfJson.member(m).ifPresent(x -> all.putIfAbsent(x.user(), x)));
            offset += items.size();
            Optional<URI> next = HfJson.nextLink(r.headers().allValues("Link")).map(uri::resolve);
            if (next.isPresent() && io.sameOrigin(next.get())) {
                uri = next.get();
                continue;
            }
            // a next page on another origin is not sent the token: it is read by offset, whatever this page's size
            if ((next.isEmpty() && items.size() < MEMBERS_PAGE) || all.size() == before) {
                return List.copyOf(all.values());
            }
            uri = URI.create(base + "?limit=" + MEMBERS_PAGE + "&offset=" + offset);
        }
        throw HfHubException.invalidResponse(
                Resource.ORGANIZATION, what + ": more than " + MAX_MEMBER_PAGES + " pages; giving up", null);
    }

    /**
     * Finds one member of an organisation by email ({@code ?email=<e>&limit=1}); the Hub supports this filter
     * for orgs with a verified email domain or SSO.
     *
     * @param org the organisation
     * @param email the member's email
     * @return the member, or empty when no member has that email
     */
    public Optional<HfOrgMember> orgMemberByEmail(String org, String email) {
        String what = "member of " + org + " by email";
        URI uri = URI.create(endpoint + "/api/organizations/" + HfJson.encodeAll(org) + "/members?email="
                + HfJson.encodeAll(email) + "&limit=1");
        HttpResponse<byte[]> r =
                check(io.exchange(io.to(uri).GET(), token(), Resource.ORGANIZATION, what), Resource.ORGANIZATION, what);
        for (JsonNode m : json(r, Resource.ORGANIZATION)) {
            Optional<HfOrgMember> member = HfJson.member(m);
            if (member.isPresent()) {
                return member;
            }
        }
        return Optional.empty();
    }

    /**
     * Asks for a Xet write token ({@code GET /api/buckets/{id}/xet-write-token}).
     *
     * @param bucket the bucket to write
     * @return the token and CAS URL
     */
    public XetWriteToken xetWriteToken(HfBucketId bucket) {
        JsonNode node = json(
                io.send(
                        io.get("/api/buckets/" + bucket + "/xet-write-token"),
                        token(),
                        Resource.BUCKET,
                        "xet write token " + bucket),
                Resource.BUCKET);
        return HfJson.xetToken(node);
    }

    private HfTreePage treePage(HfBucketId bucket, URI uri) {
        HttpResponse<byte[]> r = check(
                io.exchange(io.to(uri).GET(), token(), Resource.BUCKET, "list " + bucket),
                Resource.BUCKET,
                "list " + bucket);
        List<HfBucketFile> files = new ArrayList<>();
        for (JsonNode item : json(r, Resource.BUCKET)) {
            if ("file".equals(item.path("type").asText())) {
                files.add(HfJson.file(item));
            }
        }
        Optional<URI> next = HfJson.nextLink(r.headers().allValues("Link")).map(uri::resolve);
        return new HfTreePage(files, next);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
