package dev.agentcollab.core.bucket.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.hf.xet.XetHash;
import dev.agentcollab.core.bucket.hf.xet.XetHashing;
import dev.agentcollab.core.bucket.hf.xet.XetLeaf;
import dev.agentcollab.core.bucket.hf.xet.XorbReader;
import dev.agentcollab.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads a file through the Xet reconstruction API: {@code GET {casUrl}/v1/reconstructions/{fileHash}} with a
 * Xet read token answers the file's terms (xorb hash, chunk range, unpacked length) and, per xorb, fetch entries
 * (chunk range, URL, inclusive byte range); each needed range is fetched once with a {@code Range} header and no
 * credentials (the URLs are pre-signed), its chunk records decoded ({@link XorbReader}) and the terms' chunks
 * concatenated. The result is checked: the decoded chunks must hash to the requested file hash. Thread safe.
 */
public final class HttpXetDownloader {
    private final HttpClient http;
    private final Duration timeout;

    /**
     * Creates a downloader.
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout
     */
    public HttpXetDownloader(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Downloads and verifies one file.
     *
     * @param token a Xet read token
     * @param fileHash the file hash
     * @return the file's bytes
     * @throws CollabException {@code UPSTREAM_ERROR} when the CAS answers inconsistent data
     */
    public byte[] download(XetWriteToken token, XetHash fileHash) {
        String what = "reconstruct " + fileHash;
        URI info = URI.create(token.casUrl() + "/v1/reconstructions/" + fileHash.hex());
        HttpRequest.Builder get = HttpRequest.newBuilder(info).header("Authorization", "Bearer " + token.accessToken());
        JsonNode plan = json(send(get, what));
        Map<String, byte[]> fetched = new HashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<XetLeaf> leaves = new ArrayList<>();
        for (JsonNode term : plan.path("terms")) {
            String xorb = term.path("hash").asText();
            int start = term.path("range").path("start").asInt();
            int end = term.path("range").path("end").asInt();
            JsonNode fetch = covering(plan.path("fetch_info").path(xorb), start, end)
                    .orElseThrow(() -> inconsistent("no fetch entry covers chunks [" + start + ", " + end + ")"));
            int fetchStart = fetch.path("range").path("start").asInt();
            int fetchEnd = fetch.path("range").path("end").asInt();
            String url = fetch.path("url").asText();
            long from = fetch.path("url_range").path("start").asLong();
            long to = fetch.path("url_range").path("end").asLong();
            byte[] bytes = fetched.computeIfAbsent(url + " " + from + "-" + to, k -> range(url, from, to, what));
            List<byte[]> chunks = XorbReader.decode(bytes, fetchEnd - fetchStart);
            long unpacked = 0;
            for (byte[] c : chunks.subList(start - fetchStart, end - fetchStart)) {
                out.writeBytes(c);
                leaves.add(new XetLeaf(XetHashing.chunkHash(c, 0, c.length), c.length));
                unpacked += c.length;
            }
            if (unpacked != term.path("unpacked_length").asLong()) {
                throw inconsistent("a term decoded to " + unpacked + " bytes");
            }
        }
        if (plan.path("offset_into_first_range").asLong(0) != 0) {
            throw inconsistent("a whole-file reconstruction starts inside its first term");
        }
        if (!XetHashing.fileHash(leaves).equals(fileHash)) {
            throw inconsistent("the reconstructed content does not hash to " + fileHash);
        }
        return out.toByteArray();
    }

    private static Optional<JsonNode> covering(JsonNode entries, int start, int end) {
        for (JsonNode e : entries) {
            if (e.path("range").path("start").asInt() <= start
                    && end <= e.path("range").path("end").asInt()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private byte[] range(String url, long from, long to, String what) {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=" + from + "-" + to);
        byte[] body = send(get, what).body();
        if (body.length != to - from + 1) {
            throw inconsistent("a xorb range came back with " + body.length + " bytes");
        }
        return body;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b, String what) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw HfErrors.fromTransport(e, what);
        }
        if (r.statusCode() / 100 != 2) {
            throw HfErrors.fromResponse(r, HfErrors.Subject.FILE, what);
        }
        return r;
    }

    private static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new CollabException(ErrorCode.UPSTREAM_ERROR, "the CAS sent invalid JSON", null, null, e);
        }
    }

    private static CollabException inconsistent(String detail) {
        return CollabException.of(ErrorCode.UPSTREAM_ERROR, "Xet download: " + detail);
    }
}
