package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.HfHubException.Kind;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.xet.XetChunker;
import dev.agentcollab.hf.xet.XetFile;
import dev.agentcollab.hf.xet.Xorb;
import dev.agentcollab.hf.xet.XorbWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Uploads content through the Xet protocol, as the Hub's CAS expects it: the content is cut into content-defined
 * chunks, its distinct chunks packed into xorbs, each xorb sent with {@code POST {casUrl}/v1/xorbs/default/{hash}},
 * then one shard in the spec's upload form (no footer) describing the file and its xorbs. The shard goes to
 * {@code POST /v2/shards} (an NDJSON progress stream ending in a {@code result} or {@code error} frame); when the
 * CAS answers 404 or 501 there, to {@code POST /v1/shards}, and this uploader remembers to use v1 from then on, as
 * xet-core does. The bearer is the write token; a 401 renews it and sends the call again ({@link XetTokens}). The
 * returned file hash is what a batch {@code addFile} names. See docs/hf-buckets-protocol.md. Every upload sends
 * all its xorbs (no deduplication against content the CAS already holds). Thread safe.
 */
public final class HttpXetUploader implements XetUploader {
    private final XetCas cas;
    private final int maxXorbBytes;
    private volatile boolean shardsV1Only;

    /**
     * Creates an uploader that fills xorbs up to the CAS limit of 64 MiB.
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout, to which each upload adds the time its body takes at 64 KiB/s
     */
    public HttpXetUploader(HttpClient http, Duration timeout) {
        this(http, timeout, XorbWriter.MAX_XORB_BYTES);
    }

    /**
     * Creates an uploader with smaller xorbs (smaller requests, more of them).
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout, to which each upload adds the time its body takes at 64 KiB/s
     * @param maxXorbBytes the serialized xorb size limit ({@link XorbWriter#pack(byte[], java.util.List, int)})
     */
    public HttpXetUploader(HttpClient http, Duration timeout, int maxXorbBytes) {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(timeout, "timeout");
        if (maxXorbBytes < XorbWriter.HEADER_LENGTH + XetChunker.MAX_CHUNK
                || maxXorbBytes > XorbWriter.MAX_XORB_BYTES) {
            throw new IllegalArgumentException("maxXorbBytes out of range: " + maxXorbBytes);
        }
        this.cas = new XetCas(http, timeout);
        this.maxXorbBytes = maxXorbBytes;
    }

    @Override
    public String upload(XetTokens tokens, byte[] bytes) {
        XetFile file = XetFile.of(bytes, maxXorbBytes);
        for (Xorb xorb : file.xorbs()) {
            String what = "upload xorb " + xorb.hash();
            XetCas.check(
                    post(tokens, "/v1/xorbs/default/" + xorb.hash().hex(), xorb.serialized(), what),
                    Resource.BUCKET,
                    what);
        }
        uploadShard(tokens, file.shard(), "upload shard for file " + file.hash());
        return file.hash().hex();
    }

    private void uploadShard(XetTokens tokens, byte[] shard, String what) {
        if (!shardsV1Only) {
            HttpResponse<byte[]> r = post(tokens, "/v2/shards", shard, what);
            if (r.statusCode() != 404 && r.statusCode() != 501) {
                streamedResult(XetCas.check(r, Resource.BUCKET, what), what);
                return;
            }
            shardsV1Only = true;
        }
        XetCas.check(post(tokens, "/v1/shards", shard, what), Resource.BUCKET, what);
    }

    /** Reads the NDJSON frames of a {@code /v2/shards} answer up to the terminal {@code result} or {@code error}. */
    private static void streamedResult(HttpResponse<byte[]> r, String what) {
        for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode frame;
            try {
                frame = HfJson.MAPPER.readTree(line);
            } catch (IOException e) {
                throw HfHubException.invalidResponse(Resource.BUCKET, what + ": invalid progress frame", e);
            }
            switch (frame.path("type").asText("")) {
                case "result" -> {
                    return;
                }
                case "error" -> {
                    Kind kind = frame.path("retryable").asBoolean(false) ? Kind.SERVER_ERROR : Kind.BAD_REQUEST;
                    throw HfHubException.of(
                            kind,
                            Resource.BUCKET,
                            what + ": " + frame.path("message").asText("shard rejected"));
                }
                default -> {
                    // validating, committing or a frame type added later: progress only
                }
            }
        }
        throw HfHubException.invalidResponse(
                Resource.BUCKET, what + ": the CAS ended the stream without a result", null);
    }

    private HttpResponse<byte[]> post(XetTokens tokens, String route, byte[] body, String what) {
        return cas.send(
                tokens,
                casUrl -> HttpRequest.newBuilder(URI.create(casUrl + route))
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                Resource.BUCKET,
                what,
                body.length);
    }
}
