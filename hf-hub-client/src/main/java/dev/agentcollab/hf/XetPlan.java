package dev.agentcollab.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file reconstruction as the CAS answers it, read from either API version into one shape: the terms (chunk
 * ranges of xorbs, in file order), where the first term's bytes start ({@code offset_into_first_range}), and per
 * xorb the pre-signed fetches, each a URL and the chunk and byte ranges it may fetch. A v1 fetch entry is a fetch
 * with one range; a v2 entry may carry several (one multi-range request).
 */
record XetPlan(long offsetIntoFirstRange, List<Term> terms, Map<String, List<Fetch>> xorbs) {
    /** Refuses a negative offset into the first term. */
    XetPlan {
        if (offsetIntoFirstRange < 0) {
            throw malformed("offset_into_first_range " + offsetIntoFirstRange);
        }
    }

    /** Chunks {@code [start, end)} of a xorb, and the bytes they decode to. */
    record Term(String xorb, int start, int end, long unpackedLength) {
        /** Refuses a term that names no chunk range (the CAS answered nonsense). */
        Term {
            if (start < 0 || end <= start || unpackedLength < 0) {
                throw malformed("a term with chunks [" + start + ", " + end + ") and " + unpackedLength + " bytes");
            }
        }
    }

    /** Chunks {@code [chunkStart, chunkEnd)} of a xorb stored at bytes {@code [byteStart, byteEnd]} (inclusive). */
    record Range(int chunkStart, int chunkEnd, long byteStart, long byteEnd) {
        /** Refuses a range that holds no chunk or no byte (the CAS answered nonsense). */
        Range {
            if (chunkStart < 0 || chunkEnd <= chunkStart || byteStart < 0 || byteEnd < byteStart) {
                throw malformed("a fetch range with chunks [" + chunkStart + ", " + chunkEnd + ") at bytes " + byteStart
                        + "-" + byteEnd);
            }
        }

        boolean covers(int start, int end) {
            return chunkStart <= start && end <= chunkEnd;
        }
    }

    /** A pre-signed URL and the ranges it may fetch (all in one request). */
    record Fetch(String url, List<Range> ranges) {}

    /** Reads a {@code /v2/reconstructions} answer ({@code xorbs: {hash: [{url, ranges: [{chunks, bytes}]}]}}). */
    static XetPlan v2(JsonNode n) {
        Map<String, List<Fetch>> xorbs = new LinkedHashMap<>();
        n.path("xorbs").properties().forEach(e -> {
            List<Fetch> fetches = new ArrayList<>();
            for (JsonNode f : e.getValue()) {
                List<Range> ranges = new ArrayList<>();
                for (JsonNode r : f.path("ranges")) {
                    ranges.add(range(r.path("chunks"), r.path("bytes")));
                }
                fetches.add(new Fetch(f.path("url").asText(), ranges));
            }
            xorbs.put(e.getKey(), fetches);
        });
        return new XetPlan(n.path("offset_into_first_range").asLong(0), terms(n), xorbs);
    }

    /** Reads a {@code /v1/reconstructions} answer ({@code fetch_info: {hash: [{range, url, url_range}]}}). */
    static XetPlan v1(JsonNode n) {
        Map<String, List<Fetch>> xorbs = new LinkedHashMap<>();
        n.path("fetch_info").properties().forEach(e -> {
            List<Fetch> fetches = new ArrayList<>();
            for (JsonNode f : e.getValue()) {
                fetches.add(new Fetch(f.path("url").asText(), List.of(range(f.path("range"), f.path("url_range")))));
            }
            xorbs.put(e.getKey(), fetches);
        });
        return new XetPlan(n.path("offset_into_first_range").asLong(0), terms(n), xorbs);
    }

    /** The fetch and the index of its range that covers a term's chunks. */
    Optional<Located> locate(Term t) {
        for (Fetch f : xorbs.getOrDefault(t.xorb(), List.of())) {
            for (int i = 0; i < f.ranges().size(); i++) {
                if (f.ranges().get(i).covers(t.start(), t.end())) {
                    return Optional.of(new Located(f, i));
                }
            }
        }
        return Optional.empty();
    }

    /** A fetch and one of its ranges. */
    record Located(Fetch fetch, int range) {}

    private static List<Term> terms(JsonNode n) {
        List<Term> terms = new ArrayList<>();
        for (JsonNode t : n.path("terms")) {
            terms.add(new Term(
                    t.path("hash").asText(),
                    t.path("range").path("start").asInt(),
                    t.path("range").path("end").asInt(),
                    t.path("unpacked_length").asLong()));
        }
        return terms;
    }

    private static Range range(JsonNode chunks, JsonNode bytes) {
        return new Range(
                chunks.path("start").asInt(),
                chunks.path("end").asInt(),
                bytes.path("start").asLong(),
                bytes.path("end").asLong());
    }

    private static HfHubException malformed(String what) {
        return HfHubException.invalidResponse(
                HfHubException.Resource.FILE, "Xet download: the CAS sent " + what + " in a reconstruction", null);
    }
}
