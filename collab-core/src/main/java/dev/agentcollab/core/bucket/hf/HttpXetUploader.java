package dev.agentcollab.core.bucket.hf;

import dev.agentcollab.core.bucket.hf.xet.XetChunker;
import dev.agentcollab.core.bucket.hf.xet.XetFile;
import dev.agentcollab.core.bucket.hf.xet.Xorb;
import dev.agentcollab.core.bucket.hf.xet.XorbWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Uploads content through the Xet protocol, as the Hub's CAS expects it: the content is cut into content-defined
 * chunks, packed into xorbs, each xorb sent with {@code POST {casUrl}/v1/xorbs/default/{xorbHash}}, then one shard
 * describing the file and its xorbs with {@code POST {casUrl}/v1/shards}, both with the Xet write token as bearer.
 * The returned file hash is what a batch {@code addFile} names. See docs/hf-buckets-protocol.md. Every upload
 * sends all its xorbs (no deduplication against content the CAS already holds). Thread safe.
 */
public final class HttpXetUploader implements XetUploader {
    private final HttpClient http;
    private final Duration timeout;
    private final InstantSource clock;
    private final int maxXorbBytes;

    /**
     * Creates an uploader that fills xorbs up to the CAS limit of 64 MiB.
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout
     * @param clock the source of the shard's creation time
     */
    public HttpXetUploader(HttpClient http, Duration timeout, InstantSource clock) {
        this(http, timeout, clock, XorbWriter.MAX_XORB_BYTES);
    }

    /**
     * Creates an uploader with smaller xorbs (smaller requests, more of them).
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout
     * @param clock the source of the shard's creation time
     * @param maxXorbBytes the serialized xorb size limit ({@link XorbWriter#pack(byte[], java.util.List, int)})
     */
    public HttpXetUploader(HttpClient http, Duration timeout, InstantSource clock, int maxXorbBytes) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxXorbBytes < XorbWriter.HEADER_LENGTH + XetChunker.MAX_CHUNK
                || maxXorbBytes > XorbWriter.MAX_XORB_BYTES) {
            throw new IllegalArgumentException("maxXorbBytes out of range: " + maxXorbBytes);
        }
        this.maxXorbBytes = maxXorbBytes;
    }

    @Override
    public String upload(XetWriteToken token, byte[] bytes) {
        XetFile file = XetFile.of(bytes, maxXorbBytes);
        for (Xorb xorb : file.xorbs()) {
            post(token, "/v1/xorbs/default/" + xorb.hash().hex(), xorb.serialized(), "upload xorb " + xorb.hash());
        }
        byte[] shard = file.shard(clock.instant().getEpochSecond());
        post(token, "/v1/shards", shard, "upload shard for file " + file.hash());
        return file.hash().hex();
    }

    private void post(XetWriteToken token, String route, byte[] body, String what) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(token.casUrl() + route))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.accessToken())
                .header("Content-Type", "application/octet-stream")
                .header("User-Agent", "agent-collab-java")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw HfErrors.fromTransport(e, what);
        }
        if (r.statusCode() / 100 != 2) {
            throw HfErrors.fromResponse(r, HfErrors.Subject.BUCKET, what);
        }
    }
}
