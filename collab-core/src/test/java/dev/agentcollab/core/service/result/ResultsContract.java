package dev.agentcollab.core.service.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.leaderboard.Leaderboard;
import dev.agentcollab.api.leaderboard.LeaderboardQuery;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.core.service.verify.VerificationIndex;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results, the leaderboard and the results digest sections, run on each backend by a subclass. */
abstract class ResultsContract extends ResultsHarnessFixture {

    private void humanSetsIndex(String json) {
        h.store.put(
                h.config.centralBucket(), BucketPath.of(VerificationIndex.PATH), json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void promotionStampsTheResultAndEntersItAsPending() {
        h.put(
                "agent-1",
                "results/r1.md",
                "---\nscore: 12.5\nmethod: eagle\nstatus: agent-run\ndescription: d\n"
                        + "artifacts: artifacts/x\n---\nwhat I did\n");
        ResultReceipt receipt = h.anonymous().results().promote(h.uri("agent-1", "results/r1.md"));
        assertEquals("20260601-100000-000_agent-1.md", receipt.filename());
        assertEquals("bucket", receipt.via());
        assertEquals("results/20260601-100000-000_agent-1.md", receipt.path());

        ResultRecord record = h.anonymous().results().get(receipt.filename());
        assertEquals("pending", record.verification());
        assertEquals(12.5, ((Number) record.frontmatter().get("score")).doubleValue());
        assertEquals("agent-1", record.frontmatter().get("agent"));
        assertEquals("bucket", record.frontmatter().get("via"));
        assertEquals("2026-06-01 10:00 UTC", record.frontmatter().get("timestamp"));
        assertEquals(
                List.of("score", "method", "status", "description", "artifacts", "agent", "via", "timestamp"),
                List.copyOf(record.frontmatter().keySet()));
        assertEquals("what I did", record.body().strip());
        assertEquals(
                "{\n  \"20260601-100000-000_agent-1.md\": \"pending\"\n}\n",
                h.central(VerificationIndex.PATH).orElseThrow());
    }

    @Test
    void schemaViolationsAreRejectedAndWriteNothing() {
        assertInvalid(
                "method: m\nstatus: agent-run\ndescription: d\n", "result frontmatter missing required field: score");
        assertInvalid(
                "score: 5\nstatus: agent-run\ndescription: d\n", "result frontmatter missing required field: method");
        assertInvalid(ResultsHarness.fm("'5'", "agent-run"), "`score` must be a positive number (points)");
        assertInvalid(ResultsHarness.fm("true", "agent-run"), "`score` must be a positive number (points)");
        assertInvalid(ResultsHarness.fm("0", "agent-run"), "`score` must be a positive number (points)");
        assertInvalid(ResultsHarness.fm("1.0e+999", "agent-run"), "`score` must be a positive number (points)");
        assertInvalid(
                ResultsHarness.fm("1" + "0".repeat(400), "agent-run"), "`score` must be a positive number (points)");
        assertInvalid(ResultsHarness.fm("5", "done"), "`status` must be one of ['agent-run', 'negative'], got 'done'");
        assertInvalid(
                "score: 5\nmethod: '  '\nstatus: agent-run\ndescription: d\n", "`method` must be a non-empty string");
        CollabException yaml = assertThrows(CollabException.class, () -> {
            h.put("agent-1", "results/bad.md", "---\nscore: [1\n---\n");
            h.anonymous().results().promote(h.uri("agent-1", "results/bad.md"));
        });
        assertEquals(ErrorCode.INVALID_FRONTMATTER, yaml.code());
        assertEquals(0, h.anonymous().results().list(ListQuery.defaults()).count());
        assertTrue(h.central(VerificationIndex.PATH).isEmpty());
    }

    @Test
    void aGuardrailColumnTakesOnlyNumbersAndItsCapNeedsOne(@TempDir java.nio.file.Path dir) {
        ResultsConfig capped = ResultsConfig.custom()
                .leaderboardGuard("ppl", Optional.of(12.0))
                .build();
        try (ResultsHarness g = harnessWith(capped, dir)) {
            String missing = "results/missing.md";
            g.put("agent-1", missing, "---\n" + ResultsHarness.fm(9, "agent-run") + "---\nno ppl\n");
            CollabException none = assertThrows(
                    CollabException.class, () -> g.anonymous().results().promote(g.uri("agent-1", missing)));
            assertEquals(ErrorCode.INVALID_FRONTMATTER, none.code());
            assertEquals(
                    "result frontmatter missing the guardrail field: ppl; results above 12.0 are left off the"
                            + " leaderboard",
                    none.getMessage());
            for (String bad : List.of("low", "'11'", "1.0e+999", "true", "[1]")) {
                g.put(
                        "agent-1",
                        "results/bad.md",
                        "---\n" + ResultsHarness.fm(9, "agent-run") + "ppl: " + bad + "\n---\n");
                CollabException e = assertThrows(
                        CollabException.class,
                        () -> g.anonymous().results().promote(g.uri("agent-1", "results/bad.md")),
                        bad);
                assertEquals(ErrorCode.INVALID_FRONTMATTER, e.code(), bad);
                assertTrue(
                        e.getMessage().startsWith("`ppl` (the guardrail) must be a finite number, got '"),
                        e.getMessage());
            }
            assertEquals(0, g.anonymous().results().list(ListQuery.defaults()).count());

            String within = g.promote("agent-1", "results/ok.md", ResultsHarness.fm(9, "agent-run") + "ppl: 11.5\n");
            String above = g.promote("agent-1", "results/over.md", ResultsHarness.fm(30, "agent-run") + "ppl: 19\n");
            String dead = g.promote("agent-1", "results/neg.md", ResultsHarness.fm(2, "negative") + "ppl: diverged\n");
            Leaderboard board = g.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
            assertEquals(
                    List.of(within),
                    board.rows().stream().map(LeaderboardRow::filename).toList());
            assertEquals(Optional.of(11.5), board.rows().get(0).guard());
            assertEquals(1, board.meta().excluded().get("guard_exceeded"));
            assertEquals(1, board.meta().excluded().get("status_negative"));
            assertEquals(3, g.anonymous().results().list(ListQuery.defaults()).count());
            assertNotNull(above);
            assertNotNull(dead);
        }
    }

    @Test
    void aGuardrailWithoutACapMayBeLeftOutButNotWrittenAsText(@TempDir java.nio.file.Path dir) {
        ResultsConfig shown =
                ResultsConfig.custom().leaderboardGuard("ppl", Optional.empty()).build();
        try (ResultsHarness g = harnessWith(shown, dir)) {
            g.put("agent-1", "results/text.md", "---\n" + ResultsHarness.fm(9, "agent-run") + "ppl: fine\n---\n");
            CollabException e = assertThrows(
                    CollabException.class, () -> g.anonymous().results().promote(g.uri("agent-1", "results/text.md")));
            assertEquals("`ppl` (the guardrail) must be a finite number, got 'fine'", e.getMessage());
            g.put("agent-1", "results/yes.md", "---\n" + ResultsHarness.fm(9, "agent-run") + "ppl: yes\n---\n");
            CollabException yes = assertThrows(
                    CollabException.class, () -> g.anonymous().results().promote(g.uri("agent-1", "results/yes.md")));
            assertEquals(
                    "`ppl` (the guardrail) must be a finite number, got 'true' (YAML reads yes/no/on/off as true/false)",
                    yes.getMessage());
            String bare = g.promote("agent-1", "results/bare.md", ResultsHarness.fm(9, "agent-run"));
            Leaderboard board = g.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
            assertEquals(
                    List.of(bare),
                    board.rows().stream().map(LeaderboardRow::filename).toList());
            assertEquals(Optional.empty(), board.rows().get(0).guard());
        }
    }

    @Test
    void anOrganizersVerdictIsTakenAtOnceAnnouncedToTheAuthorAndAudited() {
        String f = h.promote("agent-1", "results/r.md", ResultsHarness.fm(7, "agent-run"));
        VerdictReceipt valid =
                h.as("tok-alice").results().setVerification(f, new VerdictRequest("valid", "  re-ran it 3x: 7.1 \n"));
        assertEquals(new VerdictReceipt(f, "valid", "pending", valid.announcement()), valid);
        assertEquals("valid", h.anonymous().results().get(f).verification());
        Leaderboard board = h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        assertEquals("valid", board.rows().get(0).verification());
        assertTrue(h.central(VerificationIndex.PATH).orElseThrow().contains("\"" + f + "\": \"valid\""));

        String posted = valid.announcement().substring("message_board/".length());
        MessageRecord msg = h.anonymous().board().message(posted);
        assertEquals("human-alice", msg.frontmatter().get("agent"));
        assertEquals("verification", msg.frontmatter().get("type"));
        assertEquals(List.of(f), msg.frontmatter().get("refs"));
        assertEquals(
                "@agent-1 your result `" + f + "` was checked by human-alice (organizer): **VERIFIED VALID**.\n\n"
                        + "Reason: re-ran it 3x: 7.1\n",
                msg.body());
        assertTrue(h.central("inbox/agent-1/" + posted).isPresent(), "the author's inbox has the verdict");
        assertEquals(
                1,
                h.service.context().audit().lines("202606").stream()
                        .filter(l -> l.contains("\"/v1/results/{filename}/verification\"")
                                && l.contains("\"verdict\":\"valid\""))
                        .count());

        VerdictReceipt invalid =
                h.as("tok-alice").results().setVerification(f, new VerdictRequest("invalid", "the input was sorted"));
        assertEquals("valid", invalid.previous());
        assertEquals("invalid", h.anonymous().results().get(f).verification());
        assertTrue(h.anonymous()
                .leaderboard()
                .leaderboard(LeaderboardQuery.defaults())
                .rows()
                .isEmpty());
        VerdictReceipt reopened =
                h.as("tok-alice").results().setVerification(f, new VerdictRequest("pending", "new data to check"));
        assertEquals("invalid", reopened.previous());
        assertEquals("pending", h.anonymous().results().get(f).verification());
    }

    @Test
    void onlyAnOrganizerGivesAVerdictAndOnlyOnAResultThatExists() {
        String f = h.promote("agent-1", "results/r.md", ResultsHarness.fm(7, "agent-run"));
        VerdictRequest ok = new VerdictRequest("valid", "checked");
        assertEquals(ErrorCode.UNAUTHORIZED, code(() -> h.anonymous().results().setVerification(f, ok)));
        assertEquals(
                ErrorCode.NOT_ORGANIZER, code(() -> h.as("tok-owner1").results().setVerification(f, ok)));
        assertEquals(
                ErrorCode.NOT_FOUND,
                code(() -> h.as("tok-alice").results().setVerification("20260601-100000-000_agent-9.md", ok)));
        assertEquals(ErrorCode.INVALID_REQUEST, code(() -> new VerdictRequest("ok", "checked")));
        assertEquals(ErrorCode.INVALID_REQUEST, code(() -> new VerdictRequest("valid", " \n ")));
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                code(() -> new VerdictRequest("valid", "x".repeat(VerdictRequest.MAX_REASON + 1))));
        assertEquals("pending", h.anonymous().results().get(f).verification());
        assertEquals(0, h.anonymous().board().messages(ListQuery.defaults()).count(), "nothing was announced");
    }

    @Test
    void anUnreadableIndexIsNeverOverwrittenByAVerdict() {
        String f = h.promote("agent-1", "results/r.md", ResultsHarness.fm(7, "agent-run"));
        humanSetsIndex("{ not json");
        CollabException e = assertThrows(
                CollabException.class,
                () -> h.as("tok-alice").results().setVerification(f, new VerdictRequest("valid", "checked")));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("{ not json", h.central(VerificationIndex.PATH).orElseThrow());
    }

    /** A service with other result settings over a store of its own, with agent-1 onboarded. */
    private ResultsHarness harnessWith(ResultsConfig config, java.nio.file.Path dir) {
        ResultsHarness g = new ResultsHarness(
                newStore(dir, clock),
                clock,
                config,
                dev.agentcollab.core.service.job.JobsConfig.ofDefaults(),
                s -> Optional.empty());
        g.onboard("agent-1", 1);
        return g;
    }

    private void assertInvalid(String fm, String message) {
        h.put("agent-1", "results/x.md", "---\n" + fm + "---\nbody\n");
        CollabException e = assertThrows(
                CollabException.class, () -> h.anonymous().results().promote(h.uri("agent-1", "results/x.md")));
        assertEquals(ErrorCode.INVALID_FRONTMATTER, e.code());
        assertEquals(message, e.getMessage());
    }

    @Test
    void sourceRulesRegistrationAndDedup() {
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous().results().promote("s3://x/y")));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.anonymous().results().promote("hf://buckets/other/collab-agent-1/r.md")));
        assertEquals(
                ErrorCode.NOT_REGISTERED,
                code(() -> h.anonymous().results().promote(h.uri("agent-9", "results/r.md"))));
        assertEquals(
                ErrorCode.SOURCE_NOT_FOUND,
                code(() -> h.anonymous().results().promote(h.uri("agent-1", "results/missing.md"))));
        h.promote("agent-1", "results/r.md", ResultsHarness.fm(3, "agent-run"));
        CollabException dup = assertThrows(
                CollabException.class, () -> h.anonymous().results().promote(h.uri("agent-1", "results/r.md")));
        assertEquals(ErrorCode.ALREADY_PROMOTED, dup.code());
        assertEquals(Optional.of("existing filename: 20260601-100000-000_agent-1.md"), dup.hint());
    }

    @Test
    void concurrentPromotionsOfOneSourceKeepOneResult() throws Exception {
        h.put("agent-1", "results/r.md", "---\n" + ResultsHarness.fm(3, "agent-run") + "---\nbody\n");
        int callers = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return h.anonymous()
                                .results()
                                .promote(h.uri("agent-1", "results/r.md"))
                                .filename();
                    } catch (CollabException e) {
                        return e.code().name();
                    }
                }));
            }
            start.countDown();
            int promoted = 0;
            for (java.util.concurrent.Future<String> f : outcomes) {
                String outcome = f.get();
                if (outcome.endsWith(".md")) {
                    promoted++;
                } else {
                    assertEquals("ALREADY_PROMOTED", outcome);
                }
            }
            assertEquals(1, promoted, "identical bytes promoted concurrently must be kept once");
        }
        assertEquals(1, h.anonymous().results().list(ListQuery.defaults()).count());
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }

    @Test
    void concurrentPromotionsInTheSameMillisecondLoseNothing() throws Exception {
        int n = 8;
        for (int i = 0; i < n; i++) {
            h.put("agent-1", "results/c" + i + ".md", "---\n" + ResultsHarness.fm(i + 1, "agent-run") + "---\nb\n");
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> futures = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String uri = h.uri("agent-1", "results/c" + i + ".md");
                futures.add(pool.submit(() -> {
                    go.await();
                    return h.anonymous().results().promote(uri).filename();
                }));
            }
            go.countDown();
            java.util.Set<String> names = new java.util.HashSet<>();
            for (var f : futures) {
                names.add(f.get());
            }
            assertEquals(n, names.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                n,
                h.anonymous()
                        .results()
                        .list(ListQuery.builder().limit(0).build())
                        .count());
        assertEquals(n, h.service.results().index().read().size());
    }

    @Test
    void negativeResultsAreKeptListedAndNeverRanked() {
        String neg = h.promote("agent-1", "results/neg.md", ResultsHarness.fm(99, "negative"));
        String run = h.promote("agent-1", "results/run.md", ResultsHarness.fm(2, "agent-run"));
        Page<ResultRecord> negatives = h.anonymous()
                .results()
                .list(ListQuery.builder().status("negative").build());
        assertEquals(
                List.of(neg),
                negatives.items().stream().map(ResultRecord::filename).toList());
        Leaderboard board = h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        assertEquals(
                List.of(run),
                board.rows().stream().map(LeaderboardRow::filename).toList());
        assertEquals(1, board.meta().excluded().get("status_negative"));
        assertEquals(2, board.meta().resultsConsidered());
    }

    @Test
    void listingFiltersByVerificationAgentAndPagesNewestFirst() {
        String a1 = h.promote("agent-1", "results/a1.md", ResultsHarness.fm(1, "agent-run"));
        String b1 = h.promote("agent-2", "results/b1.md", ResultsHarness.fm(2, "agent-run"));
        String a2 = h.promote("agent-1", "results/a2.md", ResultsHarness.fm(3, "agent-run"));
        humanSetsIndex("{\"" + a1 + "\": \"valid\", \"" + b1 + "\": \"invalid\"}");

        Page<ResultRecord> page =
                h.anonymous().results().list(ListQuery.builder().limit(2).build());
        assertEquals(
                List.of(a2, b1),
                page.items().stream().map(ResultRecord::filename).toList());
        assertEquals(Optional.of(b1), page.next());
        assertEquals(3, page.count());
        Page<ResultRecord> valid = h.anonymous()
                .results()
                .list(ListQuery.builder().verification("valid,pending").build());
        assertEquals(
                List.of(a2, a1),
                valid.items().stream().map(ResultRecord::filename).toList());
        assertEquals("valid", valid.items().get(1).verification());
        Page<ResultRecord> mine = h.anonymous()
                .results()
                .list(ListQuery.builder().agent("agent-2").build());
        assertEquals(
                List.of(b1), mine.items().stream().map(ResultRecord::filename).toList());
        assertEquals(ErrorCode.INVALID_QUERY, code(() -> h.anonymous()
                .results()
                .list(ListQuery.builder().verification("bogus").build())));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous().results().get("20990101-000000-000_x.md")));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous().results().get("verification_status.json")));
    }

    @Test
    void leaderboardRanksBestPerAgentAndHonoursHumanVerdicts() {
        String a1 = h.promote("agent-1", "results/a1.md", ResultsHarness.fm(10, "agent-run"));
        String a2 = h.promote("agent-1", "results/a2.md", ResultsHarness.fm(14, "agent-run"));
        String b1 = h.promote("agent-2", "results/b1.md", ResultsHarness.fm(12, "agent-run"));
        Leaderboard board = h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        assertEquals(
                List.of(a2, b1),
                board.rows().stream().map(LeaderboardRow::filename).toList());
        assertEquals(Optional.of("owner1"), board.rows().get(0).hfUser());

        humanSetsIndex("{\"" + a2 + "\": \"invalid\", \"" + b1 + "\": \"valid\"}");
        Leaderboard after = h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults());
        assertEquals(
                List.of(b1, a1),
                after.rows().stream().map(LeaderboardRow::filename).toList());
        assertEquals(1, after.meta().excluded().get("verification_invalid"));
        Leaderboard strict = h.anonymous()
                .leaderboard()
                .leaderboard(LeaderboardQuery.defaults().withVerification("valid"));
        assertEquals(
                List.of(b1),
                strict.rows().stream().map(LeaderboardRow::filename).toList());
    }

    @Test
    void digestCarriesTheLeaderboardAndRecentResults() {
        assertNull(h.anonymous()
                .digest()
                .get(new DigestQuery(Optional.empty(), Optional.empty()))
                .sections()
                .get("stats"));
        String a1 = h.promote("agent-1", "results/a1.md", ResultsHarness.fm(10, "agent-run"));
        String b1 = h.promote("agent-2", "results/b1.md", ResultsHarness.fm(20, "negative"));
        Digest digest = h.anonymous().digest().get(new DigestQuery(Optional.empty(), Optional.empty()));
        @SuppressWarnings("unchecked")
        List<LeaderboardRow> rows = (List<LeaderboardRow>) digest.sections().get("leaderboard");
        assertEquals(List.of(a1), rows.stream().map(LeaderboardRow::filename).toList());
        @SuppressWarnings("unchecked")
        List<ResultRecord> recent = (List<ResultRecord>) digest.sections().get("recent_results");
        assertEquals(
                List.of(b1, a1), recent.stream().map(ResultRecord::filename).toList());
        Digest since = h.anonymous().digest().get(new DigestQuery(Optional.empty(), Optional.of("20260601-100001")));
        @SuppressWarnings("unchecked")
        List<ResultRecord> recentSince = (List<ResultRecord>) since.sections().get("recent_results");
        assertEquals(
                List.of(b1), recentSince.stream().map(ResultRecord::filename).toList());
    }

    /**
     * Pages without filters come from the sorted view and load only their records; they answer exactly what the
     * general path answers.
     */
    @Test
    void pagesWithoutFiltersAnswerWhatTheGeneralPathAnswers() {
        seedTwentyThreeResults();
        h = h.restart();
        var results = h.anonymous().results();
        for (Integer limit : java.util.Arrays.asList(null, 0, 1, 5, 10, 30)) {
            for (dev.agentcollab.api.query.SortOrder order : dev.agentcollab.api.query.SortOrder.values()) {
                for (String cursor : java.util.Arrays.asList(null, "20260601-100500-000_agent-1.md", "zz")) {
                    ListQuery.Builder b =
                            ListQuery.builder().limit(limit).order(order).expand(true);
                    for (ListQuery q : List.of(
                            b.after(cursor).build(),
                            b.after(null).before(cursor).build())) {
                        Page<ResultRecord> fast = results.list(q);
                        Page<ResultRecord> general = general(q);
                        String what = limit + " " + order + " " + q.after() + " " + q.before();
                        assertEquals(general.count(), fast.count(), what);
                        assertEquals(general.matched(), fast.matched(), what);
                        assertEquals(general.next(), fast.next(), what);
                        assertEquals(
                                general.items().stream()
                                        .map(ResultRecord::filename)
                                        .toList(),
                                fast.items().stream()
                                        .map(ResultRecord::filename)
                                        .toList(),
                                what);
                        assertEquals(general.items(), fast.items(), what);
                    }
                }
            }
        }
        assertEquals(24, results.list(ListQuery.defaults()).count(), "23 results and notes.md, not the README");
    }

    /**
     * Writes 23 results out of band, a minute apart and by four authors, with a README and an unstamped record
     * beside them.
     *
     * @return the results' filenames, oldest first
     */
    private List<String> seedTwentyThreeResults() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = String.format("20260601-10%02d00-000_agent-%d.md", i, i % 4);
            names.add(name);
            h.store.put(
                    h.config.centralBucket(),
                    BucketPath.of("results/" + name),
                    ("---\nscore: " + (i + 1) + "\nstatus: " + (i % 6 == 0 ? "negative" : "agent-run") + "\n---\nrun "
                                    + i + "\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        h.store.put(h.config.centralBucket(), BucketPath.of("results/README.md"), "# not a result\n".getBytes());
        h.store.put(h.config.centralBucket(), BucketPath.of("results/notes.md"), "not stamped\n".getBytes());
        return names;
    }

    private Page<ResultRecord> general(ListQuery q) {
        return DefaultResults.general(
                h.service.context().reads(),
                h.service.results().index().read(),
                q,
                DefaultResults.spec(h.config.expandMaxLimit()));
    }

    /**
     * Pages filtered by what a filename, the index and the kept classification answer (verification state, author,
     * stamp bounds, status; the reference verifier's poll is the state alone) load only their records; they answer
     * exactly what the general path answers, as states and results change.
     */
    @Test
    void pagesFilteredByNameStateOrTextAnswerWhatTheGeneralPathAnswers() {
        StringBuilder index = new StringBuilder("{\"20260601-095900-000_agent-9.md\": \"valid\"");
        String[] states = {"valid", "invalid", "pending", "bogus", null};
        List<String> names = seedTwentyThreeResults();
        for (int i = 0; i < names.size(); i++) {
            if (states[i % 5] != null) {
                index.append(", \"")
                        .append(names.get(i))
                        .append("\": \"")
                        .append(states[i % 5])
                        .append('"');
            }
        }
        humanSetsIndex(index.append(", \"notes.md\": \"invalid\"}").toString());
        h = h.restart();
        var results = h.anonymous().results();
        for (int round = 0; round < 2; round++) {
            for (String wanted :
                    java.util.Arrays.asList("pending", "valid", "invalid", "valid,pending", "pending,invalid", null)) {
                for (java.util.function.UnaryOperator<ListQuery.Builder> byName :
                        List.<java.util.function.UnaryOperator<ListQuery.Builder>>of(
                                x -> x,
                                x -> x.agent("agent-1"),
                                x -> x.since("2026-06-01T10:05:00Z"),
                                x -> x.until("20260601-101200"),
                                x -> x.agent("agent-2").since("20260601").until("2026-06-01 10:15"),
                                x -> x.status("negative"),
                                x -> x.status("agent-run").agent("agent-2"),
                                x -> x.status(""),
                                x -> x.status("agent-run").since("2026-06-01T10:05:00Z"),
                                x -> x.q("RUN 1"),
                                x -> x.q("score: 2").agent("agent-2"),
                                x -> x.q("negative").since("2026-06-01T10:05:00Z"),
                                x -> x.q("spec-decode").status("agent-run"),
                                x -> x.q("ru"),
                                x -> x.q("no such text"))) {
                    for (Integer limit : java.util.Arrays.asList(null, 0, 1, 4, 30)) {
                        for (dev.agentcollab.api.query.SortOrder order : dev.agentcollab.api.query.SortOrder.values()) {
                            for (String cursor :
                                    java.util.Arrays.asList(null, "20260601-100500-000_agent-1.md", "zz")) {
                                for (boolean expand : new boolean[] {false, true}) {
                                    ListQuery.Builder b = byName.apply(ListQuery.builder()
                                            .limit(limit)
                                            .order(order)
                                            .expand(expand)
                                            .verification(wanted));
                                    for (ListQuery q : List.of(
                                            b.after(cursor).build(),
                                            b.after(null).before(cursor).build())) {
                                        Page<ResultRecord> expected = general(q);
                                        Page<ResultRecord> actual = results.list(q);
                                        String what = round + " " + q;
                                        assertEquals(expected.count(), actual.count(), what);
                                        assertEquals(expected.matched(), actual.matched(), what);
                                        assertEquals(expected.next(), actual.next(), what);
                                        assertEquals(expected.items(), actual.items(), what);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            // then a promotion, a human's edit and a deleted result: the counts follow
            h.promote("agent-1", "results/late" + round + ".md", ResultsHarness.fm(3 + round, "agent-run"));
            humanSetsIndex("{\"20260601-100100-000_agent-1.md\": \"invalid\", \"notes.md\": \"valid\"}");
            h.service
                    .context()
                    .reads()
                    .apply(List.of(
                            dev.agentcollab.api.bucket.BatchOp.delete("results/20260601-100200-000_agent-2.md")));
            h.clock.advance(java.time.Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
        }
        // the human's last index: notes.md is the one valid result; an edit of the index alone changes the count
        ListQuery valid = ListQuery.builder().verification("valid").build();
        assertEquals(1, results.list(valid).matched());
        humanSetsIndex("{\"notes.md\": \"valid\", \"20260601-100000-000_agent-0.md\": \"valid\"}");
        assertEquals(2, results.list(valid).matched());
        assertEquals(general(valid), results.list(valid));
    }

    /**
     * The {@code status} filter compares Python's {@code str()} of the value, as the reference does, whichever path
     * answers: a result that is not a string ({@code yes}, an empty value, a list, a float) is found by that
     * rendering, and an empty filter finds only the results without the key.
     */
    @Test
    void statusFiltersCompareTheValueAsPythonWritesItOnEveryPath() {
        String[] statuses = {"yes", "", "[a, b]", "1.5e-05", "agent-run"};
        for (int i = 0; i < statuses.length; i++) {
            h.store.put(
                    h.config.centralBucket(),
                    BucketPath.of(String.format("results/20260601-10%02d00-000_agent-1.md", i)),
                    ("---\nscore: 3\nstatus: " + statuses[i] + "\n---\nrun\n").getBytes(StandardCharsets.UTF_8));
        }
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of("results/20260601-100900-000_agent-2.md"),
                "---\nscore: 3\n---\nno status\n".getBytes(StandardCharsets.UTF_8));
        h = h.restart();
        var results = h.anonymous().results();
        for (String wanted : List.of("True", "None", "['a', 'b']", "1.5e-05", "", "true", "[a, b]")) {
            for (ListQuery q : List.of(
                    ListQuery.builder().status(wanted).build(),
                    ListQuery.builder().status(wanted).agent("agent-1").build())) {
                Page<ResultRecord> expected = general(q);
                assertEquals(expected, results.list(q), q.toString());
            }
        }
        assertEquals(1, results.list(ListQuery.builder().status("True").build()).matched());
        assertEquals(1, results.list(ListQuery.builder().status("None").build()).matched());
        assertEquals(1, results.list(ListQuery.builder().status("").build()).matched());
    }

    /** Leaderboard rows show non-string method and description values as the reference's {@code str()} does. */
    @Test
    void leaderboardTextsOfOtherValuesAreWrittenAsPythonWritesThem() {
        h.promote(
                "agent-1", "results/a.md", "score: 5\nmethod: [eagle, medusa]\nstatus: agent-run\ndescription: yes\n");
        h.promote("agent-2", "results/b.md", "score: 4\nmethod: 1.5e-05\nstatus: agent-run\ndescription: {k: 1}\n");
        for (ResultsHarness service : List.of(h, h.restart())) {
            h = service;
            List<LeaderboardRow> rows = h.anonymous()
                    .leaderboard()
                    .leaderboard(LeaderboardQuery.defaults())
                    .rows();
            assertEquals(
                    List.of("['eagle', 'medusa']", "1.5e-05"),
                    rows.stream().map(LeaderboardRow::method).toList());
            assertEquals(
                    List.of("True", "{'k': 1}"),
                    rows.stream().map(LeaderboardRow::description).toList());
        }
    }

    @Test
    void recentResultsAreTheNewestTenAndStopAtSince() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            names.add(
                    h.promote("agent-" + (i % 2 + 1), "results/r" + i + ".md", ResultsHarness.fm(i + 1, "agent-run")));
        }
        Digest digest = h.anonymous().digest().get(new DigestQuery(Optional.empty(), Optional.empty()));
        @SuppressWarnings("unchecked")
        List<ResultRecord> recent = (List<ResultRecord>) digest.sections().get("recent_results");
        assertEquals(
                names.reversed().subList(0, 10),
                recent.stream().map(ResultRecord::filename).toList());
        String since = names.get(11).substring(0, 15);
        Digest later = h.anonymous().digest().get(new DigestQuery(Optional.empty(), Optional.of(since)));
        @SuppressWarnings("unchecked")
        List<ResultRecord> recentSince = (List<ResultRecord>) later.sections().get("recent_results");
        assertEquals(
                names.reversed().subList(0, 3),
                recentSince.stream().map(ResultRecord::filename).toList());
    }

    @Test
    void leaderboardRowsFollowAnEditOfTheAuthorsHfUser() {
        String a1 = h.promote("agent-1", "results/a1.md", ResultsHarness.fm(10, "agent-run"));
        LeaderboardQuery all = LeaderboardQuery.defaults();
        assertEquals(
                Optional.of("owner1"),
                h.anonymous().leaderboard().leaderboard(all).rows().get(0).hfUser());
        String path = "agents/agent-1.md";
        String registration = h.central(path).orElseThrow();
        h.store.put(
                h.config.centralBucket(),
                BucketPath.of(path),
                registration.replace("hf_user: owner1", "hf_user: owner9").getBytes(StandardCharsets.UTF_8));
        clock.advance(java.time.Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
        LeaderboardRow row = h.anonymous().leaderboard().leaderboard(all).rows().get(0);
        assertEquals(a1, row.filename());
        assertEquals(Optional.of("owner9"), row.hfUser());
    }

    @Test
    void aRestartedServiceKeepsResultsAndVerdicts() {
        String a1 = h.promote("agent-1", "results/a1.md", ResultsHarness.fm(10, "agent-run"));
        humanSetsIndex("{\"" + a1 + "\": \"valid\"}");
        h = h.restart();
        ResultRecord record = h.anonymous().results().get(a1);
        assertEquals("valid", record.verification());
        assertEquals(
                List.of(a1),
                h.anonymous().leaderboard().leaderboard(LeaderboardQuery.defaults()).rows().stream()
                        .map(LeaderboardRow::filename)
                        .toList());
        String a2 = h.promote("agent-1", "results/a2.md", ResultsHarness.fm(11, "agent-run"));
        assertNotNull(h.anonymous().results().get(a2));
        assertFalse(h.central(VerificationIndex.PATH).orElseThrow().contains("\"" + a1 + "\": \"pending\""));
    }
}
