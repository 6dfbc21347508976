package dev.agentcollab.core.service.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.api.trace.TraceRecord;
import dev.agentcollab.api.trace.TraceStats;
import dev.agentcollab.api.trace.TraceSummary;
import dev.agentcollab.core.service.result.ResultsHarnessFixture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trace promotion, the library and token statistics, on each backend. */
abstract class TracesContract extends ResultsHarnessFixture {

    private void bundle(String agent, String session, String extra) {
        h.put(
                agent,
                "traces/" + session + "/manifest.md",
                "---\nschema_version: 1\nharness: claude-code\nsession_id: " + session
                        + "\nmodel: opus\nstarted_at: 2026-05-31T09:00:00Z\n" + extra
                        + "---\nTried speculative decoding.\n");
    }

    private static final String USAGE = "usage:\n  total_tokens: 1000\n  input_tokens: 600\n  output_tokens: 400\n"
            + "activity:\n  tool_calls: 12\ncost_usd: 1.25\nnative_log_file: session.jsonl\n";

    @Test
    void statsSharingStampsTheManifestAndFullCopiesTheNativeLog() {
        bundle("agent-1", "s1", USAGE);
        h.put("agent-1", "traces/s1/session.jsonl", "{\"line\":1}\n");
        h.put("agent-1", "traces/s1/stale.txt", "ignored");
        TraceReceipt stats = h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");
        assertEquals(new TraceReceipt("s1", "agent-1", "stats", "traces/agent-1/s1/", 0, 0, "full"), stats);
        clock.advance(Duration.ofMinutes(1));
        TraceReceipt full = h.anonymous().traces().share(h.uri("agent-1", "traces/s1/"), "full");
        assertEquals(1, full.filesCopied());
        assertEquals(11, full.bytesCopied());
        TraceRecord record = h.anonymous().traces().get("agent-1", "s1");
        assertEquals(List.of("traces/agent-1/s1/session.jsonl"), record.logFiles());
        assertEquals("full", record.frontmatter().get("share"));
        assertEquals("2026-06-01 10:01 UTC", record.frontmatter().get("promoted_at"));
        assertEquals("agent-1", record.frontmatter().get("agent"));
    }

    @Test
    void reSharingAsStatsWithdrawsTheLogAFullShareCopied() {
        bundle("agent-1", "s1", USAGE);
        h.put("agent-1", "traces/s1/session.jsonl", "{\"line\":1}\n");
        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "full");
        assertTrue(h.store
                .readString(h.config.centralBucket(), BucketPath.of("traces/agent-1/s1/session.jsonl"))
                .isPresent());
        clock.advance(Duration.ofMinutes(1));

        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");

        TraceRecord record = h.anonymous().traces().get("agent-1", "s1");
        assertEquals("stats", record.frontmatter().get("share"));
        assertEquals(List.of(), record.logFiles());
        assertTrue(
                h.store
                        .readString(h.config.centralBucket(), BucketPath.of("traces/agent-1/s1/session.jsonl"))
                        .isEmpty(),
                "the log is no longer published");
        assertTrue(h.store
                .readString(h.config.centralBucket(), BucketPath.of("traces/agent-1/s1/manifest.md"))
                .isPresent());
    }

    @Test
    void badBundlesAreRejected() {
        assertCode(ErrorCode.INVALID_PATH, "source must point at your traces/<session>/ bundle dir", () -> h.anonymous()
                .traces()
                .share(h.uri("agent-1", "notes/s1"), "stats"));
        assertCode(ErrorCode.INVALID_PATH, "trace bundle is missing manifest.md", () -> h.anonymous()
                .traces()
                .share(h.uri("agent-1", "traces/none"), "stats"));
        assertCode(ErrorCode.INVALID_REQUEST, "`share` must be 'stats' or 'full', got 'all'", () -> h.anonymous()
                .traces()
                .share(h.uri("agent-1", "traces/s1"), "all"));
        h.put("agent-1", "traces/s2/manifest.md", "---\nschema_version: 1\nharness: codex\n---\n");
        assertCode(
                ErrorCode.INVALID_FRONTMATTER,
                "trace manifest missing required field: session_id",
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s2"), "stats"));
        bundle("agent-1", "s3", "usage:\n  total_tokens: 12.7\n");
        assertCode(
                ErrorCode.INVALID_FRONTMATTER,
                "`usage.total_tokens` must be a non-negative integer or null",
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s3"), "stats"));
        bundle("agent-1", "s7", "cost_usd: 1.0e+999\n");
        assertCode(
                ErrorCode.INVALID_FRONTMATTER,
                "`cost_usd` must be a non-negative number or null",
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s7"), "stats"));
        h.put("agent-1", "traces/s4/manifest.md", "---\nschema_version: 1\nharness: codex\nsession_id: other\n---\n");
        assertCode(
                ErrorCode.INVALID_PATH,
                "trace manifest session_id must match the source directory",
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s4"), "stats"));
        bundle("agent-1", "s5", "native_log_file: gone.jsonl\n");
        assertCode(ErrorCode.INVALID_PATH, "trace bundle is missing declared native_log_file", () -> h.anonymous()
                .traces()
                .share(h.uri("agent-1", "traces/s5"), "full"));
        bundle("agent-1", "s6", "");
        assertCode(
                ErrorCode.INVALID_FRONTMATTER,
                "full trace manifest missing required field: native_log_file",
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s6"), "full"));
        assertEquals(0, h.anonymous().traces().list(ListQuery.defaults()).count());
    }

    private static void assertCode(ErrorCode code, String message, Runnable r) {
        CollabException e = assertThrows(CollabException.class, r::run);
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void aManifestThatIsNotUtf8IsRefusedNotStoredWithReplacementCharacters() {
        byte[] latin1 = "---\nschema_version: 1\nharness: codex\nsession_id: s8\n---\nCaf\u00e9 au lait.\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        h.store.put(h.bucketOf("agent-1"), BucketPath.of("traces/s8/manifest.md"), latin1);

        assertCode(
                ErrorCode.INVALID_FRONTMATTER,
                "source is not UTF-8 text: " + h.uri("agent-1", "traces/s8/manifest.md"),
                () -> h.anonymous().traces().share(h.uri("agent-1", "traces/s8"), "stats"));
        assertEquals(0, h.anonymous().traces().list(ListQuery.defaults()).count());
    }

    @Test
    void libraryListsFiltersAndPagesByPromotionTime() {
        bundle("agent-1", "s1", USAGE);
        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");
        clock.advance(Duration.ofMinutes(1));
        bundle("agent-2", "s9", "usage:\n  total_tokens: 5\n");
        h.anonymous().traces().share(h.uri("agent-2", "traces/s9"), "stats");

        Page<TraceSummary> all =
                h.anonymous().traces().list(ListQuery.builder().limit(1).build());
        assertEquals(2, all.count());
        assertEquals(
                List.of("agent-2/s9"),
                all.items().stream().map(TraceSummary::id).toList());
        assertEquals(Optional.of("2026-06-01 10:01 UTC|agent-2/s9"), all.next());
        Page<TraceSummary> next = h.anonymous()
                .traces()
                .list(ListQuery.builder().limit(1).before(all.next().get()).build());
        TraceSummary s1 = next.items().get(0);
        assertEquals("agent-1/s1", s1.id());
        assertEquals(Optional.of(1000L), s1.totalTokens());
        assertEquals(Optional.of(12L), s1.toolCalls());
        assertEquals("Tried speculative decoding.", s1.summaryExcerpt());
        assertEquals(Optional.of("full"), s1.completeness());
        Page<TraceSummary> byAgent =
                h.anonymous().traces().list(ListQuery.builder().agent("agent-2").build());
        assertEquals(1, byAgent.matched());
        Page<TraceSummary> byModel = h.anonymous()
                .traces()
                .list(ListQuery.builder().match("model", "gpt").build());
        assertEquals(0, byModel.matched());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(CollabException.class, () -> h.anonymous().traces().get("agent-1", "nope"))
                        .code());
    }

    @Test
    void statsSumCountedSessionsAndReportMissingOnes() {
        assertEquals(
                null,
                h.anonymous()
                        .digest()
                        .get(new DigestQuery(Optional.empty(), Optional.empty()))
                        .sections()
                        .get("stats"));
        bundle("agent-1", "s1", USAGE);
        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");
        bundle("agent-2", "s2", "usage:\n  total_tokens: 50\ncost_usd: 0.5\n");
        h.anonymous().traces().share(h.uri("agent-2", "traces/s2"), "stats");
        bundle("agent-2", "s3", "");
        h.anonymous().traces().share(h.uri("agent-2", "traces/s3"), "stats");

        TraceStats stats = h.anonymous().traces().stats();
        assertEquals(new TokenTotals(1050, 600, 400, 0, 0, 0), stats.tokens());
        assertEquals(Optional.of(1.75), stats.costUsd());
        assertEquals(2, stats.sessionsCounted());
        assertEquals(1, stats.sessionsMissingTokens());
        assertEquals(2, stats.agentsReporting());
        assertEquals(Map.of("opus", new TokenTotals(1050, 600, 400, 0, 0, 0)), stats.byModel());
        assertEquals(List.of("2026-05-31"), List.copyOf(stats.byDay().keySet()));
        @SuppressWarnings("unchecked")
        Map<String, Object> digest = (Map<String, Object>) h.anonymous()
                .digest()
                .get(new DigestQuery(Optional.empty(), Optional.empty()))
                .sections()
                .get("stats");
        assertEquals(Map.of("total_tokens", 1050L, "sessions_counted", 2, "agents_reporting", 2), digest);
        assertTrue(stats.generatedAt().startsWith("2026-06-01T10:00:00"));
    }

    @Test
    void aHandEditedManifestWithInvalidUsageCountsAsMissingTokens() {
        bundle("agent-1", "s1", USAGE);
        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");
        h.store.put(
                h.config.centralBucket(),
                dev.agentcollab.api.bucket.BucketPath.of("traces/agent-2/hand/manifest.md"),
                "---\nsession_id: hand\nusage:\n  total_tokens: -5\ncost_usd: 1.0e+999\n---\nby hand\n".getBytes());
        clock.advance(Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
        TraceStats stats = h.anonymous().traces().stats(); // a negative count used to fail every caller
        assertEquals(1, stats.sessionsCounted());
        assertEquals(1, stats.sessionsMissingTokens());
        assertEquals(2, stats.agentsReporting());
        assertEquals(Optional.of(1.25), stats.costUsd());
        assertEquals(
                Map.of("total_tokens", 1000L, "sessions_counted", 1, "agents_reporting", 2),
                h.anonymous()
                        .digest()
                        .get(new DigestQuery(Optional.empty(), Optional.empty()))
                        .sections()
                        .get("stats"));
    }

    @Test
    void hugeTokenCountsNeverBreakTheStats() {
        String huge = "usage:\n  total_tokens: " + Long.MAX_VALUE + "\n";
        bundle("agent-1", "s1", huge);
        h.anonymous().traces().share(h.uri("agent-1", "traces/s1"), "stats");
        bundle("agent-2", "s2", huge);
        h.anonymous().traces().share(h.uri("agent-2", "traces/s2"), "stats");

        TraceStats stats = h.anonymous().traces().stats(); // used to overflow into a 500 for every caller
        assertEquals(Long.MAX_VALUE, stats.tokens().total(), "sums saturate instead of wrapping");
        assertEquals(2, stats.sessionsCounted());
        assertTrue(h.anonymous()
                        .digest()
                        .get(new DigestQuery(Optional.empty(), Optional.empty()))
                        .sections()
                        .get("stats")
                != null);
    }

    @Test
    void libraryPagesAndStatsAnswerWhatEveryManifestAnswers() {
        java.util.Random random = new java.util.Random(20261202L);
        String[] agents = {"agent-1", "agent-2"};
        String[] models = {"opus", "gpt-5", "", "opus"};
        // q: body text, frontmatter values and "key: value" renderings, mixed case, too short for the text index,
        // found nowhere
        String[] needles = {"Step 1", "step 2", "HAND", "model: opus", "codex", "2026-05-2", "St", "é", "no such text"};
        var central = h.config.centralBucket();
        var reads = h.service.context().reads();
        var spec = DefaultTraces.spec(h.config.expandMaxLimit());
        for (int step = 0; step < 70; step++) {
            String agent = agents[random.nextInt(agents.length)];
            String session = "s" + random.nextInt(12);
            String usage =
                    switch (random.nextInt(4)) {
                        case 0 -> "";
                        case 1 -> "usage:\n  total_tokens: " + random.nextInt(5000) + "\n  output_tokens: 7\n";
                        default ->
                            "usage:\n  total_tokens: " + random.nextInt(5000) + "\ncost_usd: 0." + random.nextInt(1000)
                                    + "\n";
                    };
            String model = models[random.nextInt(models.length)];
            int action = random.nextInt(10);
            if (action < 6) { // share (or share again) through the service
                h.put(
                        agent,
                        "traces/" + session + "/manifest.md",
                        "---\nschema_version: 1\nharness: codex\nsession_id: " + session + "\n"
                                + (model.isEmpty() ? "" : "model: " + model + "\n") + "started_at: 2026-05-2"
                                + random.nextInt(10) + "T09:00:00Z\n" + usage + "native_log_file: session.jsonl\n"
                                + "---\nStep " + step + ".\n");
                h.put(agent, "traces/" + session + "/session.jsonl", "{\"step\":" + step + "}\n");
                h.anonymous()
                        .traces()
                        .share(h.uri(agent, "traces/" + session), random.nextBoolean() ? "full" : "stats");
            } else { // out of band: a human writes, edits or deletes in the central bucket
                String dir = "traces/" + (random.nextBoolean() ? agent : "agent-7") + "/" + session + "/";
                switch (action) {
                    case 6 ->
                        h.store.put(
                                central,
                                dev.agentcollab.api.bucket.BucketPath.of(dir + "manifest.md"),
                                ("---\nsession_id: " + session + "\nmodel: hand\npromoted_at: 2026-0"
                                                + (1 + random.nextInt(9))
                                                + "-01 10:00 UTC\nstarted_at: 2026-05-0" + (1 + random.nextInt(9))
                                                + "\n"
                                                + (random.nextInt(4) == 0
                                                        ? "usage:\n  total_tokens: -5\ncost_usd: 1.0e+999\n"
                                                        : usage)
                                                + "---\nwritten by hand\n")
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    case 7 -> h.store.delete(central, dev.agentcollab.api.bucket.BucketPath.of(dir + "manifest.md"));
                    case 8 ->
                        h.store.put(
                                central,
                                dev.agentcollab.api.bucket.BucketPath.of(dir + "nested/manifest.md"),
                                "---\nusage:\n  total_tokens: 9\n---\nnot a manifest of the library\n".getBytes());
                    default ->
                        h.store.put(
                                central,
                                dev.agentcollab.api.bucket.BucketPath.of(dir + "a-first.log"),
                                "an earlier file in the folder\n".getBytes());
                }
                clock.advance(Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
            }
            clock.advance(Duration.ofSeconds(30 + random.nextInt(90)));
            String stamp = dev.agentcollab.core.service.internal.Stamps.iso(
                    h.service.context().now());
            assertEquals(
                    DefaultTraces.generalStats(reads, stamp),
                    h.anonymous().traces().stats(),
                    "step " + step);
            TraceStats all = DefaultTraces.generalStats(reads, stamp);
            Object digest = h.anonymous()
                    .digest()
                    .get(new DigestQuery(Optional.empty(), Optional.empty()))
                    .sections()
                    .get("stats");
            if (all.sessionsCounted() + all.sessionsMissingTokens() == 0) {
                assertEquals(null, digest, "step " + step);
            } else {
                assertEquals(
                        Map.of(
                                "total_tokens", all.tokens().total(),
                                "sessions_counted", all.sessionsCounted(),
                                "agents_reporting", all.agentsReporting()),
                        digest,
                        "step " + step);
            }
            List<String> cursors = new java.util.ArrayList<>(java.util.Arrays.asList(null, "zz", "2026-06-01"));
            DefaultTraces.general(reads, ListQuery.builder().limit(0).build(), spec).items().stream()
                    .skip(random.nextInt(3))
                    .findFirst()
                    .ifPresent(t -> cursors.add(t.promotedAt().orElse("") + "|" + t.id()));
            for (String who : java.util.Arrays.asList(null, agent, "agent-9")) {
                for (Integer limit : java.util.Arrays.asList(null, 0, 1, 3)) {
                    for (dev.agentcollab.api.query.SortOrder order : dev.agentcollab.api.query.SortOrder.values()) {
                        for (String cursor : cursors) {
                            ListQuery.Builder b =
                                    ListQuery.builder().agent(who).limit(limit).order(order);
                            switch (random.nextInt(6)) {
                                case 0 -> b.match("model", models[random.nextInt(models.length)]);
                                case 1 ->
                                    b.match("share", random.nextBoolean() ? "full" : "stats")
                                            .match("harness", random.nextBoolean() ? "codex" : "");
                                case 2 -> b.q(needles[random.nextInt(needles.length)]);
                                case 3 ->
                                    b.q(needles[random.nextInt(needles.length)])
                                            .match("model", models[random.nextInt(models.length)]);
                                default -> {}
                            }
                            for (ListQuery q : List.of(
                                    b.after(cursor).before(null).build(),
                                    b.after(null).before(cursor).build())) {
                                assertEquals(
                                        DefaultTraces.general(reads, q, spec),
                                        h.anonymous().traces().list(q),
                                        "step " + step + " " + q);
                            }
                        }
                    }
                }
            }
        }
    }
}
