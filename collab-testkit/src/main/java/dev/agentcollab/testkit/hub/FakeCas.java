package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake Hub's Xet CAS, under {@code {endpoint}/cas} (the {@code casUrl} of its tokens). It answers the routes
 * of the Xet spec ({@code docs/xet/api.md}), with a Xet token it issued and that has not expired as bearer (401
 * otherwise); the upload routes (xorbs and shards) are write-scope routes and answer 403 to a read token:
 *
 * <ul>
 *   <li>{@code POST /v1/xorbs/default/{xorbHash}}: the body is parsed (chunk schemes 0, 1 and 2) and every chunk
 *       hashed; a xorb whose chunks do not hash to the route's hash, or that is malformed, answers 400; else 200
 *       {@code {"was_inserted": bool}};
 *   <li>{@code POST /v1/shards} and {@code POST /v2/shards}: the shard (upload form without footer, or with one) is
 *       checked against the uploaded xorbs ({@link FakeCasShards}); v1 answers 200 {@code {"result": 0|1}} or 400,
 *       v2 a 200 NDJSON stream of a {@code validating} frame and a terminal {@code result} or {@code error} frame;
 *       each file is registered under its file hash, so a batch {@code addFile} may name it;
 *   <li>{@code GET /v2/reconstructions/{fileHash}} (per xorb one fetch whose ranges cover all the terms' chunks, for
 *       one multi-range request) and the deprecated {@code GET /v1/reconstructions/{fileHash}} (one fetch entry per
 *       term); both honour {@code Range: bytes=a-b} (terms cut to the chunks that hold those bytes,
 *       {@code offset_into_first_range}, 416 past the end); 404 for an unknown file;
 *   <li>{@code GET /xorbs/default/{xorbHash}?gen=n&signed=a-b[,c-d...]} with {@code Range: bytes=a-b[,c-d...]}:
 *       the pre-signed fetch URLs; no credentials; 206 with one range, {@code multipart/byteranges} with several;
 *       403 once the URL was expired with {@link FakeHfHub#expirePresignedUrls()} (or by its first use, after
 *       {@link FakeHfHub#expirePresignedUrlsAfterEachFetch()}), and 403 without a {@code Range} header or for
 *       bytes outside the ranges the URL was signed for, as the spec's {@code X-Xet-Signed-Range} rules. Xorbs are served re-encoded with the scheme set by
 *       {@link FakeHfHub#serveXorbsCompressed};
 *   <li>{@code GET /blobs/{fileHash}}: the bytes of a registered file (where a plain GET of {@code resolve} is
 *       redirected).
 * </ul>
 *
 * {@link FakeHfHub#disableCasV2()} makes the v2 routes answer 404, like a CAS without them.
 */
final class FakeCas {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final Pattern SPAN = Pattern.compile("(\\d+)-(\\d+)");

    private final FakeHubState state;
    private final Supplier<String> endpoint;
    private final InstantSource clock;
    private final Map<String, FakeCasXorbs.Xorb> reencoded = new java.util.concurrent.ConcurrentHashMap<>();

    FakeCas(FakeHubState state, Supplier<String> endpoint, InstantSource clock) {
        this.state = state;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** Routes a request under {@code /cas}; {@code s} holds the path segments after it. */
    void route(FakeHubExchange ex, List<String> s, String method) throws IOException {
        if (s.size() == 2 && s.get(0).equals("blobs") && method.equals("GET")) {
            blob(ex, s.get(1));
            return;
        }
        if (s.size() == 3 && s.get(0).equals("xorbs") && method.equals("GET")) {
            xorbRange(ex, s.get(2));
            return;
        }
        Optional<FakeHubState.XetToken> token = ex.bearer().map(state.xetTokens::get);
        if (token.isEmpty() || !clock.instant().isBefore(token.get().expiresAt())) {
            ex.error(401, null, "invalid, expired or missing Xet token");
            return;
        }
        String version = s.isEmpty() ? "" : s.get(0);
        boolean upload = method.equals("POST")
                && ((s.size() == 4 && s.get(1).equals("xorbs"))
                        || (s.size() == 2 && s.get(1).equals("shards")));
        if (version.equals("v2") && !state.casV2) {
            ex.error(404, null, "Not Found");
        } else if (upload && !token.get().write()) {
            ex.error(403, null, "this Xet token is read-only: uploads need a token from xet-write-token");
        } else if (s.size() == 4 && version.equals("v1") && s.get(1).equals("xorbs") && method.equals("POST")) {
            xorb(ex, s.get(2), s.get(3));
        } else if (s.size() == 2 && s.get(1).equals("shards") && method.equals("POST")) {
            shard(ex, version.equals("v2"));
        } else if (s.size() == 3 && s.get(1).equals("reconstructions") && method.equals("GET")) {
            reconstruction(ex, s.get(2), version.equals("v2"));
        } else {
            ex.error(404, null, "Not Found");
        }
    }

    private void xorb(FakeHubExchange ex, String prefix, String hashHex) throws IOException {
        byte[] hash;
        try {
            hash = FakeXetHashes.fromHex(hashHex);
        } catch (IllegalArgumentException e) {
            ex.error(400, null, "invalid xorb hash '" + hashHex + "'");
            return;
        }
        if (!prefix.equals("default")) {
            ex.error(400, null, "unknown xorb prefix '" + prefix + "'");
            return;
        }
        try {
            FakeCasXorbs.Xorb xorb = FakeCasXorbs.parse(ex.body, hash);
            boolean inserted = state.xorbs.putIfAbsent(FakeXetHashes.hex(hash), xorb) == null;
            ex.json(200, Map.of("was_inserted", inserted));
        } catch (FakeCasXorbs.Invalid e) {
            ex.error(400, null, e.getMessage());
        }
    }

    private void shard(FakeHubExchange ex, boolean streamed) throws IOException {
        String problem = null;
        boolean any = false;
        try {
            Map<String, FakeCasShards.File> files = FakeCasShards.parse(ex.body, state.xorbs);
            for (Map.Entry<String, FakeCasShards.File> f : files.entrySet()) {
                state.fileTerms.putIfAbsent(f.getKey(), f.getValue().terms());
                any |= state.content.putIfAbsent(f.getKey(), f.getValue().content()) == null;
            }
        } catch (FakeCasXorbs.Invalid e) {
            problem = e.getMessage();
        }
        if (!streamed) {
            if (problem != null) {
                ex.error(400, null, problem);
            } else {
                ex.json(200, Map.of("result", any ? 1 : 0));
            }
            return;
        }
        StringBuilder ndjson = new StringBuilder("{\"type\":\"validating\",\"verified\":1,\"total\":1}\n");
        if (problem == null) {
            ndjson.append("{\"type\":\"committing\",\"stage\":\"write\"}\n{\"type\":\"result\"}\n");
        } else {
            ndjson.append(FakeHubExchange.JSON.writeValueAsString(
                            Map.of("type", "error", "message", problem, "retryable", false)))
                    .append('\n');
        }
        ex.send(200, "application/x-ndjson", ndjson.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** One term cut to the chunks a range needs: chunks {@code [start, end)} of a xorb and their bytes. */
    private record Cut(String xorb, int start, int end, long unpacked) {}

    private void reconstruction(FakeHubExchange ex, String fileHash, boolean v2) throws IOException {
        List<FakeCasShards.Term> terms = state.fileTerms.get(fileHash);
        if (terms == null) {
            ex.error(404, null, "file not found: " + fileHash);
            return;
        }
        long size = terms.stream().mapToLong(FakeCasShards.Term::unpacked).sum();
        long from = 0;
        long to = size - 1;
        String rangeHeader = ex.http.getRequestHeaders().getFirst("Range");
        if (rangeHeader != null) {
            Matcher m = RANGE.matcher(rangeHeader.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
                ex.error(400, null, "bad Range header");
                return;
            }
            from = Long.parseLong(m.group(1));
            to = Math.min(to, Long.parseLong(m.group(2)));
            if (from >= size) {
                ex.error(416, null, "Range not satisfiable");
                return;
            }
        }
        List<Cut> cuts = new ArrayList<>();
        long offset = -1;
        long at = 0;
        for (FakeCasShards.Term t : terms) {
            FakeCasXorbs.Xorb x = state.xorbs.get(t.xorb());
            int start = -1;
            int end = -1;
            long unpacked = 0;
            for (int c = t.start(); c < t.end(); c++) {
                long len = x.chunks().get(c).length;
                if (at + len > from && at <= to) {
                    if (start < 0) {
                        start = c;
                        if (offset < 0) {
                            offset = from - at;
                        }
                    }
                    end = c + 1;
                    unpacked += len;
                }
                at += len;
            }
            if (start >= 0) {
                cuts.add(new Cut(t.xorb(), start, end, unpacked));
            }
        }
        ObjectNode out = FakeHubExchange.JSON.createObjectNode().put("offset_into_first_range", Math.max(0, offset));
        ArrayNode list = out.putArray("terms");
        for (Cut t : cuts) {
            ObjectNode term = list.addObject().put("hash", t.xorb()).put("unpacked_length", t.unpacked());
            term.putObject("range").put("start", t.start()).put("end", t.end());
        }
        boolean expired = state.stalePlans.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        long gen = state.urlGeneration.get() - (expired ? 1 : 0);
        if (v2) {
            v2Fetches(out.putObject("xorbs"), cuts, gen);
        } else {
            v1Fetches(out.putObject("fetch_info"), cuts, gen);
        }
        ex.json(200, out);
    }

    private void v1Fetches(ObjectNode fetch, List<Cut> cuts, long gen) {
        for (Cut t : cuts) {
            int[] starts = served(t.xorb()).recordStarts();
            ArrayNode entries = fetch.has(t.xorb()) ? (ArrayNode) fetch.get(t.xorb()) : fetch.putArray(t.xorb());
            long first = starts[t.start()];
            long last = starts[t.end()] - 1L;
            ObjectNode entry = entries.addObject().put("url", url(t.xorb(), gen, first + "-" + last));
            entry.putObject("range").put("start", t.start()).put("end", t.end());
            entry.putObject("url_range").put("start", first).put("end", last);
        }
    }

    /** Per xorb one fetch whose ranges are the terms' chunk ranges, overlapping ones merged, in chunk order. */
    private void v2Fetches(ObjectNode xorbs, List<Cut> cuts, long gen) {
        Map<String, List<int[]>> spans = new LinkedHashMap<>();
        for (Cut t : cuts) {
            spans.computeIfAbsent(t.xorb(), k -> new ArrayList<>()).add(new int[] {t.start(), t.end()});
        }
        spans.forEach((xorb, list) -> {
            list.sort((a, b) -> Integer.compare(a[0], b[0]));
            List<int[]> merged = new ArrayList<>();
            for (int[] span : list) {
                if (!merged.isEmpty() && span[0] < merged.getLast()[1]) {
                    merged.getLast()[1] = Math.max(merged.getLast()[1], span[1]);
                } else {
                    merged.add(span.clone());
                }
            }
            int[] starts = served(xorb).recordStarts();
            StringBuilder signed = new StringBuilder();
            for (int[] span : merged) {
                signed.append(signed.isEmpty() ? "" : ",")
                        .append(starts[span[0]])
                        .append('-')
                        .append(starts[span[1]] - 1);
            }
            ObjectNode entry = xorbs.putArray(xorb).addObject().put("url", url(xorb, gen, signed.toString()));
            ArrayNode ranges = entry.putArray("ranges");
            for (int[] span : merged) {
                ObjectNode r = ranges.addObject();
                r.putObject("chunks").put("start", span[0]).put("end", span[1]);
                r.putObject("bytes").put("start", starts[span[0]]).put("end", starts[span[1]] - 1);
            }
        });
    }

    /**
     * A pre-signed fetch URL: its generation (valid while it is the current one) and the byte ranges it authorises ({@code a-b[,c-d...]}, the
     * fake's form of {@code X-Xet-Signed-Range}).
     */
    private String url(String xorb, long gen, String signed) {
        return endpoint.get() + "/cas/xorbs/default/" + xorb + "?gen=" + gen + "&signed=" + signed;
    }

    /** A xorb as served: re-encoded with the configured scheme (same chunks, other record bytes). */
    private FakeCasXorbs.Xorb served(String hash) {
        FakeCasXorbs.Xorb stored = state.xorbs.get(hash);
        XorbCompression scheme = state.servedScheme;
        if (scheme == XorbCompression.NONE) {
            return stored;
        }
        return reencoded.computeIfAbsent(hash + " " + scheme, k -> FakeCasXorbs.reencode(stored, scheme));
    }

    /** Inclusive byte spans {@code a-b[,c-d...]}, as a {@code Range} header and a URL's signature list them. */
    private static Optional<List<long[]>> spans(String list) {
        List<long[]> out = new ArrayList<>();
        for (String part : list.split(",")) {
            Matcher m = SPAN.matcher(part.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        return Optional.of(out);
    }

    private void xorbRange(FakeHubExchange ex, String hash) throws IOException {
        if (state.xorbs.get(hash) == null) {
            ex.error(404, null, "no such xorb");
            return;
        }
        String gen = ex.query().getOrDefault("gen", "");
        if (!gen.equals(Long.toString(state.urlGeneration.get()))) {
            ex.error(403, null, "Request has expired");
            return;
        }
        byte[] body = served(hash).serialized();
        String header = ex.http.getRequestHeaders().getFirst("Range");
        if (header == null || !header.startsWith("bytes=")) {
            // download-protocol.md: "Not specifying the correct Range header will result in an authorization failure"
            ex.error(403, null, "the signature requires a Range header");
            return;
        }
        Optional<List<long[]>> asked = spans(header.substring("bytes=".length()));
        if (asked.isEmpty()) {
            ex.error(416, null, "Range not satisfiable");
            return;
        }
        List<long[]> ranges = asked.get();
        List<long[]> signed = spans(ex.query().getOrDefault("signed", "")).orElse(List.of());
        for (long[] r : ranges) {
            if (signed.stream().noneMatch(s -> s[0] <= r[0] && r[1] <= s[1])) {
                // "a Range header requesting bytes outside that set returns an authorization failure"
                ex.error(403, null, "bytes " + r[0] + "-" + r[1] + " are outside the signed ranges");
                return;
            }
            if (r[0] > r[1] || r[1] >= body.length) {
                ex.error(416, null, "Range not satisfiable");
                return;
            }
        }
        if (state.urlsExpireAfterEachFetch) {
            state.urlGeneration.incrementAndGet();
        }
        if (ranges.size() == 1) {
            long[] r = ranges.getFirst();
            ex.http.getResponseHeaders().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + body.length);
            ex.send(206, "application/octet-stream", Arrays.copyOfRange(body, (int) r[0], (int) r[1] + 1));
            return;
        }
        String boundary = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long[] r : ranges) {
            out.writeBytes(("\r\n--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes "
                            + r[0] + "-" + r[1] + "/" + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, (int) r[0], (int) (r[1] - r[0] + 1));
        }
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        ex.send(206, "multipart/byteranges; boundary=" + boundary, out.toByteArray());
    }

    private void blob(FakeHubExchange ex, String hash) throws IOException {
        byte[] bytes = state.content.get(hash);
        if (bytes == null) {
            ex.error(404, "EntryNotFound", "no such blob");
        } else {
            ex.send(200, "application/octet-stream", bytes);
        }
    }
}
