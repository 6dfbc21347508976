package dev.agentcollab.testkit.hub;

import java.io.IOException;
import java.util.List;
import java.util.Map;

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
 *   <li>{@code GET /blobs/{fileHash}}: the bytes of a registered file (where {@code resolve} redirects).
 * </ul>
 */
final class FakeCas {
    private final FakeHubState state;

    FakeCas(FakeHubState state) {
        this.state = state;
    }

    /** Routes a request under {@code /cas}; {@code s} holds the path segments after it. */
    void route(FakeHubExchange ex, List<String> s, String method) throws IOException {
        if (s.size() == 2 && s.get(0).equals("blobs") && method.equals("GET")) {
            blob(ex, s.get(1));
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
            Map<String, byte[]> files = FakeCasShards.parse(ex.body, state.xorbs);
            boolean any = false;
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                any |= state.content.putIfAbsent(f.getKey(), f.getValue()) == null;
            }
            ex.json(200, Map.of("result", any ? 1 : 0));
        } catch (FakeCasXorbs.Invalid e) {
            ex.error(400, null, e.getMessage());
        }
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
