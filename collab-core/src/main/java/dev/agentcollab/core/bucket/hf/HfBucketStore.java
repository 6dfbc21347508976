package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import dev.agentcollab.api.bucket.spi.PageTokens;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.XetTokens;
import dev.agentcollab.hf.XetUploader;
import dev.agentcollab.hf.buckets.HfBatchOp;
import dev.agentcollab.hf.buckets.HfBatchResult;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfBucketInfo;
import dev.agentcollab.hf.buckets.HfTreePage;
import dev.agentcollab.hf.buckets.HfXetFile;
import dev.agentcollab.hf.xet.XetHash;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BucketStore} on Hugging Face Hub buckets ({@code hf:}), over {@link HfHubClient} of the
 * {@code hf-hub-client} module. The client's {@link HfHubException}s are translated into {@link CollabException}
 * codes by {@link HfErrors}.
 *
 * <p>How the contract maps onto the Hub: listings page through the tree endpoint (a page token wraps the Hub's
 * next-page link and the last path returned, so pages never exceed the requested size and writes between pages
 * neither repeat nor hide a file). A batch keeps the last operation per
 * path, resolves the hash of every copy source and uploads every new content ({@link XetUploader}) first, so a
 * missing source or a failed upload fails the batch before the Hub changes anything; then it sends the operations
 * as NDJSON batch calls of at most 1000, copies first, then adds, then deletes (as {@code huggingface_hub} does).
 * Reads ask {@code resolve} (HEAD) for the file's Xet hash and token route and download through the Xet
 * reconstruction API ({@link HttpXetDownloader}); without those headers they fall back to a GET of {@code resolve}
 * that follows redirects. Beyond the contract, {@link #readTo} streams a large file without holding it in memory
 * and {@link #readRange} reads a byte range. Xet tokens (write tokens per batch, read tokens cached per route) are
 * renewed 30 s before they expire and when the CAS rejects them ({@link XetTokens}). New buckets are private.
 * Content hashes are the Hub's Xet hashes.
 *
 * <p><b>Not atomic.</b> The Hub's batch is not transactional: it may apply some operations of a call and report
 * the others as failed (status 200 or 422 with {@code failed}), and a batch over 1000 operations takes several
 * calls. Then {@link #apply} throws {@link PartialBatchException} naming the applied, failed and pending paths
 * (code {@code BATCH_PARTIALLY_APPLIED}, not retryable as a whole by decorators; sending the failed and pending
 * operations again is safe). A call that fails outright (transport, 5xx) before anything of the batch was applied
 * throws the usual code, and retrying the whole batch is safe because every operation sets or removes a whole file.
 * Whether the Hub applies one call atomically for readers is not documented (the fake Hub does). Thread safe.
 */
public final class HfBucketStore implements BucketStore {
    private static final int MAX_OPS_PER_CALL = 1000;

    /** The most Hub tree pages one {@link #list} call follows (as {@code HfBucketsClient.listAll}). */
    static final int MAX_HUB_PAGES = 10_000;

    private final HfHubClient client;
    private final XetUploader uploader;
    private final HttpXetDownloader downloader;
    private final InstantSource clock;
    private final Map<URI, XetTokens> readTokens = new ConcurrentHashMap<>();

    private HfBucketStore(HfHubClient client, XetUploader uploader, HttpXetDownloader downloader, InstantSource clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a store.
     *
     * @param client the Hub client (its token needs write access to the buckets written)
     * @param uploader how content reaches Xet storage
     * @param downloader how content is read back from Xet storage
     * @param clock the source of the {@code mtime} sent with uploads and of the time Xet tokens are renewed by
     * @return the store
     */
    public static HfBucketStore create(
            HfHubClient client, XetUploader uploader, HttpXetDownloader downloader, InstantSource clock) {
        return new HfBucketStore(client, uploader, downloader, clock);
    }

    /**
     * Creates a store that downloads with a {@link HttpXetDownloader} on its own HTTP client (30 s timeout).
     *
     * @param client the Hub client (its token needs write access to the buckets written)
     * @param uploader how content reaches Xet storage
     * @param clock the source of the {@code mtime} sent with uploads and of the time Xet tokens are renewed by
     * @return the store
     */
    public static HfBucketStore create(HfHubClient client, XetUploader uploader, InstantSource clock) {
        Duration timeout = Duration.ofSeconds(30);
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        return new HfBucketStore(client, uploader, new HttpXetDownloader(http, timeout), clock);
    }

    /**
     * The Hub client this store uses.
     *
     * @return the client
     */
    public HfHubClient client() {
        return client;
    }

    @Override
    public Optional<BucketInfo> info(BucketId bucket) {
        return HfErrors.call(() -> client.bucketInfo(hub(bucket)).map(HfBucketStore::toInfo));
    }

    @Override
    public BucketInfo create(BucketId bucket, boolean existOk) {
        return HfErrors.call(() -> toInfo(client.createBucket(hub(bucket), true, existOk)));
    }

    @Override
    public BucketListing list(BucketId bucket, ListRequest request) {
        return HfErrors.call(() -> listPage(bucket, request));
    }

    private BucketListing listPage(BucketId bucket, ListRequest request) {
        String prefix = request.prefix();
        // A token holds the Hub page to go on from and the last path returned. The page is asked for again and its
        // files up to that path are skipped: files written or deleted meanwhile move no other file into or out of
        // the part already returned (an index into the page would).
        Optional<String> after = Optional.empty();
        Optional<URI> cursor = Optional.empty();
        if (request.pageToken().isPresent()) {
            String state = PageTokens.decode(prefix, request.pageToken().get());
            int space = state.indexOf(' ');
            try {
                String link = state.substring(0, space);
                cursor = link.isEmpty() ? Optional.empty() : Optional.of(URI.create(link));
                after = Optional.of(state.substring(space + 1));
            } catch (RuntimeException e) {
                throw CollabException.of(ErrorCode.INVALID_QUERY, "invalid page token for " + bucket);
            }
        }
        // Ask the Hub for the enclosing folder and filter here, so "a/b" matches "a/bc" whether the Hub treats a
        // tree prefix as a folder or as a string prefix. Fill the page from as many Hub pages as it takes.
        String folder = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        List<BucketEntry> entries = new ArrayList<>();
        Optional<String> next = Optional.empty();
        int pages = 0;
        while (true) {
            HfTreePage page =
                    cursor.isPresent() ? nextPage(bucket, cursor.get()) : client.listTree(hub(bucket), folder);
            String from = after.orElse(null);
            List<HfBucketFile> files = page.files().stream()
                    .filter(f -> f.path().startsWith(prefix))
                    .filter(f -> from == null || f.path().compareTo(from) > 0)
                    .toList();
            int to = Math.min(request.pageSize() - entries.size(), files.size());
            files.subList(0, to).forEach(f -> entries.add(toEntry(f)));
            String link = cursor.map(URI::toString).orElse("");
            if (to < files.size()) {
                next = Optional.of(
                        PageTokens.encode(prefix, link + " " + files.get(to - 1).path()));
                break;
            }
            if (page.next().isEmpty()) {
                break;
            }
            if (entries.size() == request.pageSize()) {
                next = Optional.of(PageTokens.encode(
                        prefix,
                        page.next().get() + " " + entries.getLast().path().value()));
                break;
            }
            if (++pages >= MAX_HUB_PAGES) {
                // a Hub that keeps linking pages (a loop, or pages with nothing under the prefix) would keep this
                // call going for ever
                throw HfHubException.invalidResponse(
                        Resource.BUCKET,
                        "list " + bucket + ": the tree links more than " + MAX_HUB_PAGES + " pages",
                        null);
            }
            cursor = page.next();
        }
        return new BucketListing(entries, next);
    }

    private HfTreePage nextPage(BucketId bucket, URI next) {
        try {
            return client.listTree(hub(bucket), next);
        } catch (IllegalArgumentException e) {
            throw new CollabException(ErrorCode.INVALID_QUERY, e.getMessage(), null, null, e);
        }
    }

    @Override
    public Optional<byte[]> read(BucketId bucket, BucketPath path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return readTo(bucket, path, out) ? Optional.of(out.toByteArray()) : Optional.empty();
    }

    /**
     * Streams a whole file, without holding it in memory (see {@link HttpXetDownloader}). An empty file (Xet hash
     * zero) is written as nothing without asking the CAS, as {@code huggingface_hub} does.
     *
     * @param bucket the bucket
     * @param path the file
     * @param out where the bytes go (not closed); when this throws, it may hold bytes that failed verification
     * @return {@code false} when the file does not exist (nothing written)
     * @throws CollabException {@code BUCKET_NOT_FOUND}, {@code UPSTREAM_ERROR} for content that fails verification
     */
    public boolean readTo(BucketId bucket, BucketPath path, OutputStream out) {
        return HfErrors.call(() -> streamTo(bucket, path, out));
    }

    private boolean streamTo(BucketId bucket, BucketPath path, OutputStream out) {
        Optional<HfXetFile> file = client.xetFile(hub(bucket), path.value());
        if (file.isEmpty()) {
            return false;
        }
        if (file.get().downloadableByXet()) {
            try {
                downloader.download(readTokens(file.get()), xetHash(file.get()), out);
            } catch (UncheckedIOException e) {
                throw new CollabException(ErrorCode.UNAVAILABLE, e.getMessage(), null, null, e);
            }
            return true;
        }
        Optional<byte[]> bytes = client.download(hub(bucket), path.value());
        if (bytes.isEmpty()) {
            return false;
        }
        try {
            out.write(bytes.get());
        } catch (java.io.IOException e) {
            throw new CollabException(
                    ErrorCode.UNAVAILABLE, "read " + bucket + "/" + path + ": the output failed", null, null, e);
        }
        return true;
    }

    /**
     * Reads bytes {@code [offset, offset + length)} of a file (fewer at its end), through a ranged Xet
     * reconstruction, so only the xorb ranges holding them are fetched.
     *
     * @param bucket the bucket
     * @param path the file
     * @param offset the first byte, at least 0
     * @param length how many bytes at most, at least 0
     * @return the bytes (empty when {@code offset} is at or past the end), or empty when the file does not exist
     */
    public Optional<byte[]> readRange(BucketId bucket, BucketPath path, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
        return HfErrors.call(() -> range(bucket, path, offset, length));
    }

    private Optional<byte[]> range(BucketId bucket, BucketPath path, long offset, int length) {
        Optional<HfXetFile> file = client.xetFile(hub(bucket), path.value());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (file.get().downloadableByXet()) {
            return Optional.of(downloader.downloadRange(readTokens(file.get()), xetHash(file.get()), offset, length));
        }
        return client.download(hub(bucket), path.value()).map(b -> {
            int from = (int) Math.min(offset, b.length);
            return java.util.Arrays.copyOfRange(b, from, (int) Math.min(b.length, from + (long) length));
        });
    }

    /** The file's Xet hash; a malformed one from the Hub is a bad request, as the contract has it. */
    private static XetHash xetHash(HfXetFile file) {
        try {
            return XetHash.fromHex(file.xetHash());
        } catch (IllegalArgumentException e) {
            throw new CollabException(ErrorCode.INVALID_REQUEST, e.getMessage(), null, null, e);
        }
    }

    private XetTokens readTokens(HfXetFile file) {
        URI route = file.authUrl().orElseThrow();
        return readTokens.computeIfAbsent(route, u -> XetTokens.of(() -> client.xetToken(u), clock));
    }

    @Override
    public void apply(BucketId bucket, List<? extends BatchOp> ops) {
        HfErrors.run(() -> applyOps(bucket, ops));
    }

    private void applyOps(BucketId bucket, List<? extends BatchOp> ops) {
        Map<String, BatchOp> last = new LinkedHashMap<>();
        for (BatchOp op : ops) {
            last.remove(op.path().value());
            last.put(op.path().value(), op);
        }
        if (last.isEmpty()) {
            if (!exists(bucket)) {
                throw CollabException.of(ErrorCode.BUCKET_NOT_FOUND, "bucket not found: " + bucket);
            }
            return;
        }
        Map<BatchOp, HfBatchOp> wire = new HashMap<>();
        for (BatchOp op : last.values()) {
            if (op instanceof BatchOp.Copy c) {
                wire.put(op, copyOf(c));
            }
        }
        Map<String, String> uploaded = new HashMap<>();
        XetTokens tokens = XetTokens.of(() -> client.xetWriteToken(hub(bucket)), clock);
        long now = clock.millis();
        for (BatchOp op : last.values()) {
            if (op instanceof BatchOp.Put p) {
                String key = ContentHashes.sha256(p.bytes());
                String hash = uploaded.get(key);
                if (hash == null) {
                    hash = uploader.upload(tokens, p.bytes());
                    uploaded.put(key, hash);
                }
                wire.put(op, new HfBatchOp.AddFile(p.path().value(), hash, now));
            } else if (op instanceof BatchOp.Delete d) {
                wire.put(op, new HfBatchOp.DeleteFile(d.path().value()));
            }
        }
        List<HfBatchOp> lines = new ArrayList<>();
        for (Class<?> kind : List.of(HfBatchOp.CopyFile.class, HfBatchOp.AddFile.class, HfBatchOp.DeleteFile.class)) {
            last.values().stream().map(wire::get).filter(kind::isInstance).forEach(lines::add);
        }
        send(bucket, lines);
    }

    /**
     * Sends the lines in calls of at most 1000 and stops at the first call that does not apply completely. The Hub
     * is not transactional, so a failure after something took effect is reported precisely.
     */
    private void send(BucketId bucket, List<HfBatchOp> lines) {
        List<BucketPath> applied = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += MAX_OPS_PER_CALL) {
            List<HfBatchOp> call = lines.subList(i, Math.min(lines.size(), i + MAX_OPS_PER_CALL));
            List<BucketPath> later = paths(lines.subList(i, lines.size()));
            HfBatchResult result;
            try {
                result = client.batch(hub(bucket), call);
            } catch (HfHubException e) {
                CollabException failure = HfErrors.toCollab(e);
                if (applied.isEmpty()) {
                    throw failure;
                }
                throw new PartialBatchException(bucket, applied, Map.of(), later, failure);
            }
            if (!result.complete()) {
                throw partial(bucket, applied, call, result, paths(lines.subList(i + call.size(), lines.size())));
            }
            applied.addAll(paths(call));
        }
    }

    /**
     * The exception for a call the Hub applied in part. An operation the Hub lists as failed failed; the others of
     * the call took effect, unless the Hub named a failure by a path that was not sent (then their outcome is
     * unknown, and they are pending).
     */
    private static PartialBatchException partial(
            BucketId bucket,
            List<BucketPath> appliedBefore,
            List<HfBatchOp> call,
            HfBatchResult result,
            List<BucketPath> notSent) {
        Map<String, String> reasons = new LinkedHashMap<>();
        result.failed().forEach(f -> reasons.putIfAbsent(f.path(), f.error()));
        boolean allNamed = call.stream()
                .map(HfBatchOp::path)
                .collect(java.util.stream.Collectors.toSet())
                .containsAll(reasons.keySet());
        List<BucketPath> applied = new ArrayList<>(appliedBefore);
        Map<BucketPath, String> failed = new LinkedHashMap<>();
        List<BucketPath> pending = new ArrayList<>();
        for (HfBatchOp op : call) {
            BucketPath p = BucketPath.of(op.path());
            if (reasons.containsKey(op.path())) {
                failed.put(p, reasons.get(op.path()));
            } else if (allNamed) {
                applied.add(p);
            } else {
                pending.add(p);
            }
        }
        pending.addAll(notSent);
        return new PartialBatchException(bucket, applied, failed, pending, null);
    }

    private static List<BucketPath> paths(List<HfBatchOp> ops) {
        return ops.stream().map(op -> BucketPath.of(op.path())).toList();
    }

    @Override
    public String scheme() {
        return "hf";
    }

    private HfBatchOp.CopyFile copyOf(BatchOp.Copy c) {
        List<HfBucketFile> found =
                client.pathsInfo(hub(c.source()), List.of(c.sourcePath().value()));
        HfBucketFile src = found.stream()
                .filter(f -> f.path().equals(c.sourcePath().value()))
                .findFirst()
                .orElseThrow(() -> CollabException.notFound(c.source() + "/" + c.sourcePath()));
        return new HfBatchOp.CopyFile(
                c.path().value(), src.xetHash(), "bucket", c.source().toString());
    }

    private static BucketInfo toInfo(HfBucketInfo i) {
        return new BucketInfo(new BucketId(i.id().namespace(), i.id().name()), i.createdAt(), i.isPrivate());
    }

    private static HfBucketId hub(BucketId bucket) {
        return new HfBucketId(bucket.org(), bucket.name());
    }

    private static BucketEntry toEntry(HfBucketFile f) {
        Instant modified = f.mtime().or(f::uploadedAt).orElse(Instant.EPOCH);
        return new BucketEntry(BucketPath.of(f.path()), f.size(), f.xetHash(), modified);
    }
}
