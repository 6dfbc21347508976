package dev.agentcollab.hf.buckets;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HfHubException;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.XetTokens;
import dev.agentcollab.hf.XetUploader;
import dev.agentcollab.hf.xet.XetHash;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of the Hub as one area, like {@link dev.agentcollab.hf.jobs.HfJobsClient} for jobs: info, creation,
 * listing (a page, or every page), paths-info and batches, plus whole files in and out, with Xet storage handled
 * here: {@link #upload} sends the bytes to Xet storage and adds the file in one batch, {@link #read} reconstructs
 * them (or downloads through {@code resolve} when the Hub offers no Xet route). Xet tokens are fetched once per
 * bucket (write) or per token route (read) and renewed before they expire. Obtain one with
 * {@link HfHubClient#buckets()}; the single wire calls stay on {@link HfHubClient} for callers that manage Xet
 * storage themselves. Failures throw {@link HfHubException}; nothing is retried here.
 *
 * <p>Thread safe.
 */
public final class HfBucketsClient {
    /** A bound on the pages {@link #listAll} follows (10 million files at the Hub's page size). */
    static final int MAX_PAGES = 10_000;

    private final HfHubClient hub;
    private final XetUploader uploader;
    private final HttpXetDownloader downloader;
    private final InstantSource clock;
    private final Map<HfBucketId, XetTokens> writeTokens = new ConcurrentHashMap<>();
    private final Map<URI, XetTokens> readTokens = new ConcurrentHashMap<>();

    /**
     * Creates the buckets area of a client.
     *
     * @param hub the client whose endpoint, token and HTTP client the calls use
     * @param uploader moves file bytes into Xet storage
     * @param downloader reconstructs file bytes from Xet storage
     * @param clock decides when a Xet token is renewed, and stamps uploaded files' modification time
     */
    public HfBucketsClient(HfHubClient hub, XetUploader uploader, HttpXetDownloader downloader, InstantSource clock) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.uploader = Objects.requireNonNull(uploader, "uploader");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Describes a bucket.
     *
     * @param bucket the bucket
     * @return its info, or empty when it does not exist (or the token cannot see it)
     */
    public Optional<HfBucketInfo> info(HfBucketId bucket) {
        return hub.bucketInfo(bucket);
    }

    /**
     * Creates a bucket.
     *
     * @param bucket the bucket
     * @param isPrivate whether only its namespace's members may read it
     * @param existOk when {@code true}, an existing bucket is not an error
     * @return the bucket's info
     */
    public HfBucketInfo create(HfBucketId bucket, boolean isPrivate, boolean existOk) {
        return hub.createBucket(bucket, isPrivate, existOk);
    }

    /**
     * The first page of the files under a prefix, recursively; continue with {@link #list(HfBucketId, URI)}.
     *
     * @param bucket the bucket
     * @param prefix a folder prefix, or {@code ""} for the whole bucket
     * @return the page
     */
    public HfTreePage list(HfBucketId bucket, String prefix) {
        return hub.listTree(bucket, prefix);
    }

    /**
     * The page a previous page's {@link HfTreePage#next()} points at.
     *
     * @param bucket the bucket
     * @param next the link
     * @return the page
     */
    public HfTreePage list(HfBucketId bucket, URI next) {
        return hub.listTree(bucket, next);
    }

    /**
     * Every file under a prefix, following the pages.
     *
     * @param bucket the bucket
     * @param prefix a folder prefix, or {@code ""} for the whole bucket
     * @return the files in the Hub's order
     * @throws HfHubException {@code INVALID_RESPONSE} when the Hub links more than {@value #MAX_PAGES} pages
     */
    public List<HfBucketFile> listAll(HfBucketId bucket, String prefix) {
        List<HfBucketFile> out = new ArrayList<>();
        HfTreePage page = list(bucket, prefix);
        for (int pages = 1; ; pages++) {
            out.addAll(page.files());
            if (page.next().isEmpty()) {
                return out;
            }
            if (pages >= MAX_PAGES) {
                throw HfHubException.invalidResponse(
                        Resource.BUCKET, "the tree of " + bucket + " links more than " + MAX_PAGES + " pages", null);
            }
            page = list(bucket, page.next().get());
        }
    }

    /**
     * Describes given files ({@code paths-info}); missing ones are left out.
     *
     * @param bucket the bucket
     * @param paths the files
     * @return the files that exist
     */
    public List<HfBucketFile> pathsInfo(HfBucketId bucket, List<String> paths) {
        return hub.pathsInfo(bucket, paths);
    }

    /**
     * Applies adds, copies and deletes in one batch call.
     *
     * @param bucket the bucket
     * @param ops the operations
     * @return what took effect; {@link HfBatchResult#failed()} lists what did not
     */
    public HfBatchResult batch(HfBucketId bucket, List<? extends HfBatchOp> ops) {
        return hub.batch(bucket, ops);
    }

    /**
     * Writes a whole file: its bytes go to Xet storage, then one batch adds it under {@code path} (replacing what
     * was there).
     *
     * @param bucket the bucket
     * @param path the file's path
     * @param content its bytes
     * @return the file's Xet hash
     * @throws HfHubException {@code BAD_REQUEST} with the Hub's reason when the batch did not add the file
     */
    public String upload(HfBucketId bucket, String path, byte[] content) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        XetTokens tokens = writeTokens.computeIfAbsent(bucket, b -> XetTokens.of(() -> hub.xetWriteToken(b), clock));
        String hash = uploader.upload(tokens, content);
        HfBatchResult result = hub.batch(bucket, List.of(new HfBatchOp.AddFile(path, hash, clock.millis())));
        if (!result.complete()) {
            String reason = result.failed().isEmpty()
                    ? "not applied"
                    : result.failed().getFirst().error();
            throw HfHubException.of(
                    Kind.BAD_REQUEST, Resource.FILE, "upload of " + path + " to " + bucket + ": " + reason);
        }
        return hash;
    }

    /**
     * Reads a whole file: reconstructed from Xet storage, or downloaded through {@code resolve} when the Hub
     * offers no Xet route for it.
     *
     * @param bucket the bucket
     * @param path the file's path
     * @return its bytes, or empty when there is no such file
     */
    public Optional<byte[]> read(HfBucketId bucket, String path) {
        Optional<HfXetFile> file = hub.xetFile(bucket, path);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (!file.get().downloadableByXet()) {
            return hub.download(bucket, path);
        }
        XetTokens tokens = readTokens.computeIfAbsent(
                file.get().authUrl().orElseThrow(), u -> XetTokens.of(() -> hub.xetToken(u), clock));
        return Optional.of(
                downloader.download(tokens, XetHash.fromHex(file.get().xetHash())));
    }

    /**
     * Deletes files in one batch.
     *
     * @param bucket the bucket
     * @param paths the files
     * @return what took effect
     */
    public HfBatchResult delete(HfBucketId bucket, List<String> paths) {
        return hub.batch(bucket, paths.stream().map(HfBatchOp.DeleteFile::new).toList());
    }
}
