package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake Hub's Xet CAS, under {@code {endpoint}/cas} (the {@code casUrl} of its write tokens). It answers the
 * routes real Xet clients use for uploads, with a Xet token as bearer (401 otherwise):
 *
 * <ul>
 *   <li>{@code POST /v1/xorbs/default/{xorbHash}}: the body is parsed and every chunk hashed; a xorb whose chunks do
 *       not hash to the route's hash, or that is malformed, answers 400; else 200 {@code {"was_inserted": bool}};
 *   <li>{@code POST /v1/shards}: parsed and checked against the uploaded xorbs ({@link FakeCasShards}); a bad shard
 *       answers 400; else each file is registered under its file hash, so a batch {@code addFile} may name it, and
 *       the answer is 200 {@code {"result": 0|1}} (0: every file existed);
 *   <li>{@code GET /v1/reconstructions/{fileHash}}: the file's terms and, per xorb, one fetch entry per term
 *       ({@code range}, {@code url}, inclusive {@code url_range}), like the CAS's v1 reconstruction answer; 404
 *       for an unknown file;
 *   <li>{@code GET /xorbs/default/{xorbHash}} with {@code Range: bytes=a-b}: 206 with those bytes of the xorb as
 *       uploaded (the fetch URLs; no credentials needed, like the real pre-signed URLs);
 *   <li>{@code GET /blobs/{fileHash}}: the bytes of a registered file (where a plain GET of {@code resolve} is
 *       redirected).
 * </ul>
 */
final class FakeCas {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final FakeHubState state;
    private final Supplier<String> endpoint;

    FakeCas(FakeHubState state, Supplier<String> endpoint) {
        this.state = state;
        this.endpoint = endpoint;
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
        if (ex.bearer().map(t -> !state.xetTokens.containsKey(t)).orElse(true)) {
            ex.error(401, null, "invalid or missing Xet token");
            return;
        }
        if (s.size() == 4 && s.get(0).equals("v1") && s.get(1).equals("xorbs") && method.equals("POST")) {
            xorb(ex, s.get(2), s.get(3));
        } else if (s.size() == 2 && s.get(0).equals("v1") && s.get(1).equals("shards") && method.equals("POST")) {
            shard(ex);
        } else if (s.size() == 3
                && s.get(0).equals("v1")
                && s.get(1).equals("reconstructions")
                && method.equals("GET")) {
            reconstruction(ex, s.get(2));
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

    private void shard(FakeHubExchange ex) throws IOException {
        try {
            Map<String, FakeCasShards.File> files = FakeCasShards.parse(ex.body, state.xorbs);
            boolean any = false;
            for (Map.Entry<String, FakeCasShards.File> f : files.entrySet()) {
                state.fileTerms.putIfAbsent(f.getKey(), f.getValue().terms());
                any |= state.content.putIfAbsent(f.getKey(), f.getValue().content()) == null;
            }
            ex.json(200, Map.of("result", any ? 1 : 0));
        } catch (FakeCasXorbs.Invalid e) {
            ex.error(400, null, e.getMessage());
        }
    }

    private void reconstruction(FakeHubExchange ex, String fileHash) throws IOException {
        List<FakeCasShards.Term> terms = state.fileTerms.get(fileHash);
        if (terms == null) {
            ex.error(404, null, "file not found: " + fileHash);
            return;
        }
        ObjectNode out = FakeHubExchange.JSON.createObjectNode().put("offset_into_first_range", 0);
        ArrayNode list = out.putArray("terms");
        ObjectNode fetch = out.putObject("fetch_info");
        for (FakeCasShards.Term t : terms) {
            ObjectNode term = list.addObject().put("hash", t.xorb()).put("unpacked_length", t.unpacked());
            term.putObject("range").put("start", t.start()).put("end", t.end());
            int[] starts = state.xorbs.get(t.xorb()).recordStarts();
            ArrayNode entries = fetch.has(t.xorb()) ? (ArrayNode) fetch.get(t.xorb()) : fetch.putArray(t.xorb());
            ObjectNode entry = entries.addObject().put("url", endpoint.get() + "/cas/xorbs/default/" + t.xorb());
            entry.putObject("range").put("start", t.start()).put("end", t.end());
            entry.putObject("url_range").put("start", starts[t.start()]).put("end", starts[t.end()] - 1);
        }
        ex.json(200, out);
    }

    private void xorbRange(FakeHubExchange ex, String hash) throws IOException {
        FakeCasXorbs.Xorb xorb = state.xorbs.get(hash);
        if (xorb == null) {
            ex.error(404, null, "no such xorb");
            return;
        }
        Matcher m = RANGE.matcher(
                ex.http.getRequestHeaders().getFirst("Range") == null
                        ? ""
                        : ex.http.getRequestHeaders().getFirst("Range"));
        if (!m.matches()) {
            ex.send(200, "application/octet-stream", xorb.serialized());
            return;
        }
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        if (from > to || to >= xorb.serialized().length) {
            ex.error(416, null, "Range not satisfiable");
            return;
        }
        ex.send(206, "application/octet-stream", Arrays.copyOfRange(xorb.serialized(), from, to + 1));
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
