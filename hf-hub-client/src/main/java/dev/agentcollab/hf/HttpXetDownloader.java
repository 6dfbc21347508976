package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.hf.HfHubException.Resource;
import dev.agentcollab.hf.xet.XetHash;
import dev.agentcollab.hf.xet.XetHashing;
import dev.agentcollab.hf.xet.XetLeaf;
import dev.agentcollab.hf.xet.XorbReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * Downloads a file through the Xet reconstruction API. {@code GET {casUrl}/v2/reconstructions/{fileHash}} (falling
 * back to the deprecated {@code /v1/reconstructions} when the CAS answers 404 or 501 there, remembered from then
 * on, as xet-core does) answers the file's terms and, per xorb, pre-signed fetches; each fetch is one GET with all its
 * byte ranges in one {@code Range} header (a multi-range request answered as {@code multipart/byteranges}) and no
 * credentials. A pre-signed URL answered with 403 (expired) is replaced by asking for the reconstruction again, once.
 * The chunk records are decoded ({@link XorbReader}) and the terms' chunks written out in order.
 *
 * <p>Memory: the output is streamed; at most the xorb ranges that later terms still need are held. A whole-file
 * download is verified: the decoded chunks must hash to the requested file hash, else {@code INVALID_RESPONSE}. A
 * range download sends {@code Range} to the reconstruction API and checks every term's length. The all-zero hash
 * (an empty file) is answered without asking the CAS. The Xet token is renewed on 401 ({@link XetTokens}).
 * Thread safe.
 */
public final class HttpXetDownloader {
    private final XetCas cas;
    private volatile boolean reconstructionsV1Only;

    /**
     * Creates a downloader.
     *
     * @param http the HTTP client
     * @param timeout the per-request timeout
     */
    public HttpXetDownloader(HttpClient http, Duration timeout) {
        this.cas = new XetCas(Objects.requireNonNull(http, "http"), Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Downloads and verifies one file with one token.
     *
     * @param token a Xet read token
     * @param fileHash the file hash
     * @return the file's bytes
     * @throws HfHubException {@code INVALID_RESPONSE} when the CAS answers inconsistent data
     */
    public byte[] download(XetWriteToken token, XetHash fileHash) {
        return download(XetTokens.fixed(token), fileHash);
    }

    /**
     * Downloads and verifies one file.
     *
     * @param tokens Xet read tokens
     * @param fileHash the file hash
     * @return the file's bytes
     * @throws HfHubException {@code INVALID_RESPONSE} when the CAS answers inconsistent data
     */
    public byte[] download(XetTokens tokens, XetHash fileHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        download(tokens, fileHash, out);
        return out.toByteArray();
    }

    /**
     * Streams one file to {@code out} and verifies it once all bytes are written: when this throws, {@code out}
     * may hold bytes of a file that failed verification, which the caller must discard.
     *
     * @param tokens Xet read tokens
     * @param fileHash the file hash
     * @param out where the bytes go (not closed)
     * @throws HfHubException {@code INVALID_RESPONSE} when the CAS answers inconsistent data
     * @throws UncheckedIOException when {@code out} fails
     */
    public void download(XetTokens tokens, XetHash fileHash, OutputStream out) {
        if (fileHash.equals(XetHash.ZERO)) {
            return;
        }
        List<XetLeaf> leaves = new ArrayList<>();
        run(tokens, fileHash, Optional.empty(), out, leaves);
        if (!XetHashing.fileHash(leaves).equals(fileHash)) {
            throw inconsistent("the reconstructed content does not hash to " + fileHash);
        }
    }

    /**
     * Downloads bytes {@code [offset, offset + length)} of a file (fewer at its end).
     *
     * @param tokens Xet read tokens
     * @param fileHash the file hash
     * @param offset the first byte, at least 0
     * @param length how many bytes at most, at least 0
     * @return the bytes; empty when {@code offset} is at or past the end
     */
    public byte[] downloadRange(XetTokens tokens, XetHash fileHash, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
        if (length == 0 || fileHash.equals(XetHash.ZERO)) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run(tokens, fileHash, Optional.of(new long[] {offset, offset + length - 1}), out, new ArrayList<>());
        return out.toByteArray();
    }

    private void run(
            XetTokens tokens, XetHash fileHash, Optional<long[]> range, OutputStream out, List<XetLeaf> leaves) {
        String what = "reconstruct " + fileHash;
        Optional<XetPlan> first = plan(tokens, fileHash, range, what);
        if (first.isEmpty()) {
            return; // 416: the range starts at or past the end
        }
        XetPlan plan = first.get();
        int renewedAt = -1; // the term whose fetch last asked for fresh URLs
        Map<XetPlan.Fetch, Map<Integer, List<byte[]>>> held = new HashMap<>();
        Map<XetPlan.Fetch, Integer> lastUse = new HashMap<>();
        long skip = plan.offsetIntoFirstRange();
        long left = range.map(r -> r[1] - r[0] + 1).orElse(Long.MAX_VALUE);
        lastUses(plan, lastUse);
        for (int k = 0; k < plan.terms().size(); k++) {
            XetPlan.Term t = plan.terms().get(k);
            XetPlan.Located at = plan.locate(t)
                    .orElseThrow(() -> inconsistent("no fetch covers chunks [" + t.start() + ", " + t.end() + ")"));
            Map<Integer, List<byte[]>> decoded = held.get(at.fetch());
            if (decoded == null) {
                HttpResponse<byte[]> r = get(at.fetch(), what);
                if (r.statusCode() == 403 && renewedAt != k) {
                    // The pre-signed URLs expired (a long read outlives them): ask for fresh ones, once per term,
                    // so a read that goes on for hours renews them as often as it needs and a URL refused right
                    // after its renewal still ends the read.
                    renewedAt = k;
                    plan = replan(
                            plan,
                            plan(tokens, fileHash, range, what)
                                    .orElseThrow(() -> inconsistent("the file got shorter while it was read")));
                    held.clear();
                    lastUse.clear();
                    lastUses(plan, lastUse);
                    final int current = k;
                    lastUse.values().removeIf(last -> last < current);
                    at = plan.locate(t).orElseThrow(() -> inconsistent("a renewed plan lost a term"));
                    r = get(at.fetch(), what);
                }
                if (r.statusCode() == 403) {
                    throw refusedFreshUrl(r, what);
                }
                decoded = decode(at.fetch(), XetCas.check(r, Resource.FILE, what));
                held.put(at.fetch(), decoded);
            }
            XetPlan.Range piece = at.fetch().ranges().get(at.range());
            List<byte[]> chunks =
                    decoded.get(at.range()).subList(t.start() - piece.chunkStart(), t.end() - piece.chunkStart());
            long unpacked = 0;
            for (byte[] c : chunks) {
                unpacked += c.length;
                leaves.add(new XetLeaf(XetHashing.chunkHash(c, 0, c.length), c.length));
                int from = (int) Math.min(skip, c.length);
                skip -= from;
                int n = (int) Math.min(c.length - from, left);
                write(out, c, from, n);
                left -= n;
            }
            if (unpacked != t.unpackedLength()) {
                throw inconsistent("a term decoded to " + unpacked + " bytes instead of " + t.unpackedLength());
            }
            final int done = k;
            lastUse.entrySet().removeIf(e -> {
                if (e.getValue() <= done) {
                    held.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        if (range.isEmpty() && plan.offsetIntoFirstRange() != 0) {
            throw inconsistent("a whole-file reconstruction starts inside its first term");
        }
    }

    /** Asks for the reconstruction (v2, else v1); empty on 416. */
    private Optional<XetPlan> plan(XetTokens tokens, XetHash fileHash, Optional<long[]> range, String what) {
        if (!reconstructionsV1Only) {
            HttpResponse<byte[]> r = reconstruction(tokens, "/v2/reconstructions/", fileHash, range, what);
            if (r.statusCode() != 404 && r.statusCode() != 501) {
                return r.statusCode() == 416 ? Optional.empty() : Optional.of(XetPlan.v2(json(r, what)));
            }
            HttpResponse<byte[]> v1 = reconstruction(tokens, "/v1/reconstructions/", fileHash, range, what);
            if (v1.statusCode() / 100 == 2) {
                reconstructionsV1Only = true;
            }
            return v1.statusCode() == 416 ? Optional.empty() : Optional.of(XetPlan.v1(json(v1, what)));
        }
        HttpResponse<byte[]> r = reconstruction(tokens, "/v1/reconstructions/", fileHash, range, what);
        return r.statusCode() == 416 ? Optional.empty() : Optional.of(XetPlan.v1(json(r, what)));
    }

    private HttpResponse<byte[]> reconstruction(
            XetTokens tokens, String route, XetHash fileHash, Optional<long[]> range, String what) {
        return cas.send(
                tokens,
                casUrl -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(casUrl + route + fileHash.hex()))
                            .GET();
                    range.ifPresent(x -> b.header("Range", "bytes=" + x[0] + "-" + x[1]));
                    return b;
                },
                Resource.FILE,
                what);
    }

    /**
     * A pre-signed URL refused although the CAS signed it just before. The token was accepted for the plan, so this
     * is no lack of permission (which a 403 means elsewhere) but the storage's signature check (clock skew, a
     * changed key, a range it did not sign): retryable, and not the caller's to fix.
     */
    private static HfHubException refusedFreshUrl(HttpResponse<byte[]> r, String what) {
        HfHubException answer = HubErrors.fromResponse(r, Resource.FILE, what);
        return new HfHubException(
                HfHubException.Kind.UNAVAILABLE,
                r.statusCode(),
                Resource.FILE,
                what + ": the storage refused a freshly signed xorb URL (HTTP 403"
                        + answer.hubMessage().map(m -> ": " + m).orElse("") + ")",
                null,
                answer.hubMessage().orElse(null),
                null,
                answer);
    }

    /** Keeps the old plan's terms and takes the new plan's fetches (fresh pre-signed URLs). */
    private static XetPlan replan(XetPlan old, XetPlan fresh) {
        return new XetPlan(old.offsetIntoFirstRange(), old.terms(), fresh.xorbs());
    }

    private static void lastUses(XetPlan plan, Map<XetPlan.Fetch, Integer> lastUse) {
        for (int k = 0; k < plan.terms().size(); k++) {
            int index = k;
            plan.locate(plan.terms().get(k)).ifPresent(at -> lastUse.put(at.fetch(), index));
        }
    }

    private HttpResponse<byte[]> get(XetPlan.Fetch fetch, String what) {
        StringBuilder header = new StringBuilder("bytes=");
        for (XetPlan.Range r : fetch.ranges()) {
            header.append(header.length() > 6 ? "," : "")
                    .append(r.byteStart())
                    .append('-')
                    .append(r.byteEnd());
        }
        return cas.plain(
                HttpRequest.newBuilder(URI.create(fetch.url()))
                        .header("Range", header.toString())
                        .GET(),
                Resource.FILE,
                what);
    }

    private static Map<Integer, List<byte[]>> decode(XetPlan.Fetch fetch, HttpResponse<byte[]> r) {
        List<long[]> wanted = fetch.ranges().stream()
                .map(x -> new long[] {x.byteStart(), x.byteEnd()})
                .toList();
        Map<Long, byte[]> parts = ByteRanges.split(r, wanted);
        Map<Integer, List<byte[]>> decoded = new HashMap<>();
        for (int i = 0; i < fetch.ranges().size(); i++) {
            XetPlan.Range x = fetch.ranges().get(i);
            decoded.put(i, XorbReader.decode(parts.get(x.byteStart()), x.chunkEnd() - x.chunkStart()));
        }
        return decoded;
    }

    private static void write(OutputStream out, byte[] b, int from, int n) {
        if (n <= 0) {
            return;
        }
        try {
            out.write(b, from, n);
        } catch (IOException e) {
            throw new UncheckedIOException("Xet download: the output failed", e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> r, String what) {
        XetCas.check(r, Resource.FILE, what);
        try {
            return HfJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw HfHubException.invalidResponse(Resource.FILE, "the CAS sent invalid JSON", e);
        }
    }

    private static HfHubException inconsistent(String detail) {
        return HfHubException.invalidResponse(Resource.FILE, "Xet download: " + detail, null);
    }
}
