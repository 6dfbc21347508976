package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.core.bench.SizeTurns;
import dev.agentcollab.core.service.result.ResultsHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How trace requests grow with the number of traces ever shared, on {@code file:} buckets and in one JVM: for each
 * size a service starts over a central bucket seeded out of band with that many trace manifests (from 1,000 agents,
 * one in four without token counts), then the sizes take turns operation by operation. Measured per round: a trace
 * share (a manifest and a small native log), the first digest after it (whose {@code stats} part sums every
 * manifest), the digest again, {@code /v1/stats}, the first page of the trace library, and the library searched
 * for the text of the manifest just shared ({@code q}). The table prints p50 per size and the ratio to the first
 * size.
 *
 * <p>Usage: {@code TracesHistoryBenchmark [rounds] [size...]} (defaults {@code 100 1000 10000 50000}); see
 * docs/load-benchmark.md.
 */
public final class TracesHistoryBenchmark {
    private static final int AGENTS = 10;
    private static final DigestQuery DIGEST = new DigestQuery(Optional.empty(), Optional.empty());

    private TracesHistoryBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args the number of timed rounds, then the trace counts
     */
    public static void main(String[] args) throws Exception {
        SizeTurns.main(
                args,
                100,
                List.of(1000, 10000, 50000),
                "traces",
                TracesHistoryBenchmark::start,
                new String[] {
                    "trace share",
                    "first digest after a share",
                    "digest",
                    "token stats (/v1/stats)",
                    "trace library page",
                    "trace library page with q (this round's manifest)"
                },
                TracesHistoryBenchmark::round);
    }

    private static long[] round(ResultsHarness h, int n) {
        String agent = "agent-" + n % AGENTS;
        String session = "bench-" + n;
        h.put(agent, "traces/" + session + "/manifest.md", manifest(session, n, true));
        h.put(agent, "traces/" + session + "/session.jsonl", "{\"line\":" + n + "}\n");
        long t0 = System.nanoTime();
        h.anonymous().traces().share(h.uri(agent, "traces/" + session), "full");
        long t1 = System.nanoTime();
        h.anonymous().digest().get(DIGEST);
        long t2 = System.nanoTime();
        h.anonymous().digest().get(DIGEST);
        long t3 = System.nanoTime();
        h.anonymous().traces().stats();
        long t4 = System.nanoTime();
        h.anonymous().traces().list(ListQuery.defaults());
        long t5 = System.nanoTime();
        h.anonymous().traces().list(ListQuery.builder().q("variant " + n + ".").build());
        long t6 = System.nanoTime();
        h.clock.advance(Duration.ofSeconds(1));
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5};
    }

    private static String manifest(String session, int n, boolean tokens) {
        return String.format(
                Locale.ROOT,
                "---\nschema_version: 1\nharness: %s\nsession_id: %s\nmodel: %s\nstarted_at: 2026-%02d-%02dT09:00:00Z\n%s"
                        + "native_log_file: session.jsonl\n---\nTried speculative decoding, variant %d.\n",
                n % 2 == 0 ? "claude-code" : "codex",
                session,
                n % 3 == 0 ? "opus" : "gpt-5",
                1 + n % 12,
                1 + n % 28,
                tokens
                        ? "usage:\n  total_tokens: " + (1000 + n % 977) + "\n  input_tokens: 600\n  output_tokens: "
                                + (400 + n % 977) + "\nactivity:\n  tool_calls: 12\ncost_usd: 1.25\n"
                        : "",
                n);
    }

    /** A service over a fresh store whose central bucket holds {@code size} shared traces. */
    private static ResultsHarness start(int size) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int t = 0; t < size; t++) {
            String agent = "agent-" + (t % 1000);
            String session = String.format(Locale.ROOT, "seeded-%06d", t);
            String md = manifest(session, t, t % 4 != 3)
                    .replace(
                            "---\nTried",
                            String.format(
                                    Locale.ROOT,
                                    "agent: %s\nshare: full\ncompleteness: full\npromoted_at: 2026-01-%02d %02d:%02d UTC\n"
                                            + "---\nTried",
                                    agent,
                                    1 + t % 28,
                                    t / 60 % 24,
                                    t % 60));
            files.put("traces/" + agent + "/" + session + "/manifest.md", md.getBytes(StandardCharsets.UTF_8));
            files.put("traces/" + agent + "/" + session + "/session.jsonl", ("{\"line\":" + t + "}\n").getBytes());
        }
        return ResultsHarness.seeded(files, 0L, AGENTS);
    }
}
