package dev.agentcollab.core.service.taskforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.ContributionReceipt;
import dev.agentcollab.api.taskforce.TaskforceDetail;
import dev.agentcollab.api.taskforce.TaskforceList;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.api.taskforce.TaskforceReceipt;
import dev.agentcollab.core.service.BackendFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Taskforces (§7), run on every backend. */
abstract class TaskforceContract extends BackendFixture {

    @BeforeEach
    void agents() {
        h.onboard("agent-1", 1);
        h.onboard("agent-2", 2);
        h.onboard("agent-10", 10);
    }

    private static ErrorCode code(Runnable r) {
        return assertThrows(CollabException.class, r::run).code();
    }

    @Test
    void createsUpdatesAndGuardsTheReadme() {
        TaskforceReceipt r = h.anonymous()
                .taskforces()
                .create(TaskforcePost.raw("kv-cache", "agent-1", "# KV\n\nShrink the cache.\n"));
        assertTrue(r.created());
        assertEquals("taskforces/kv-cache/README.md", r.path());
        String readme = h.central(r.path());
        assertEquals(
                "---\ntaskforce: kv-cache\ncreator: agent-1\ncreated: 2026-06-01 10:00 UTC\nvia: raw\n---\n\n# KV\n\nShrink the cache.\n",
                readme);
        assertEquals(
                ErrorCode.TASKFORCE_EXISTS,
                code(() -> h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-2", "mine"))));
        clock.advance(Duration.ofHours(1));
        h.put("agent-1", "tf.md", "---\ngoal: 2x\n---\nNew README\n");
        TaskforceReceipt upd =
                h.anonymous().taskforces().create(TaskforcePost.fromSource("kv-cache", h.uri("agent-1", "tf.md")));
        assertFalse(upd.created());
        TaskforceDetail d = h.anonymous().taskforces().get("kv-cache");
        assertEquals("2026-06-01 10:00 UTC", d.created().orElseThrow());
        assertEquals("2026-06-01 11:00 UTC", d.updated().orElseThrow());
        assertEquals("2x", d.readme().field("goal").orElseThrow());
        assertEquals(ErrorCode.ALREADY_PROMOTED, code(() -> h.anonymous()
                .taskforces()
                .create(TaskforcePost.fromSource("kv-cache", h.uri("agent-1", "tf.md")))));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.anonymous().taskforces().create(TaskforcePost.raw("KV", "agent-1", "x"))));
    }

    @Test
    void aReadmeWithoutCreatedKeepsItNullWhenItsCreatorPostsItAgain() {
        // a README put in the central bucket by other means, without the server's created stamp
        h.store.put(
                h.config.centralBucket(),
                dev.agentcollab.api.bucket.BucketPath.of("taskforces/kv-cache/README.md"),
                "---\ntaskforce: kv-cache\ncreator: agent-1\nvia: raw\n---\n\n# KV\n".getBytes(StandardCharsets.UTF_8));
        h.service.close();
        h = h.restart();
        TaskforceReceipt upd =
                h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "# KV\n\nAgain.\n"));
        assertFalse(upd.created());
        // as the reference writes the README's created (None when it had none): YAML null, not an empty string
        assertEquals(
                "---\ntaskforce: kv-cache\ncreator: agent-1\ncreated: null\nupdated: 2026-06-01 10:00 UTC\nvia: raw\n---"
                        + "\n\n# KV\n\nAgain.\n",
                h.central(upd.path()));
        java.util.Map<String, Object> fm =
                h.anonymous().taskforces().get("kv-cache").readme().frontmatter();
        assertTrue(fm.containsKey("created"), fm.toString());
        assertEquals(null, fm.get("created"), fm.toString());
    }

    @Test
    void contributionsAreNotesAndNamedFiles() {
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "Shrink the cache."));
        clock.advanceMillis(5);
        ContributionReceipt note =
                h.anonymous().taskforces().contribute("kv-cache", Contribution.rawNote("agent-2", "tried int8"));
        assertEquals("note", note.kind());
        assertEquals("20260601-100000-005_agent-2.md", note.filename());
        h.put("agent-10", "plots/curve.png", "PNG");
        ContributionReceipt file = h.anonymous()
                .taskforces()
                .contribute(
                        "kv-cache",
                        Contribution.file(h.uri("agent-10", "plots/curve.png"), "plots/curve_agent-10.png"));
        assertEquals("file", file.kind());
        assertArrayEquals(
                "PNG".getBytes(StandardCharsets.UTF_8),
                h.anonymous()
                        .taskforces()
                        .file("kv-cache", "plots/curve_agent-10.png")
                        .bytes());
        assertEquals(
                "image/png",
                h.anonymous()
                        .taskforces()
                        .file("kv-cache", "plots/curve_agent-10.png")
                        .contentType());

        TaskforceList list = h.anonymous().taskforces().list(Optional.empty(), Optional.empty());
        assertEquals(1, list.count());
        assertEquals(
                List.of("agent-1", "agent-10", "agent-2"), list.items().get(0).contributors());
        assertEquals(3, list.items().get(0).fileCount());
        assertEquals(1, list.items().get(0).noteCount());
        assertEquals("20260601-100000-005", list.items().get(0).lastActivity().orElseThrow());
        assertEquals("Shrink the cache.", list.items().get(0).readmeExcerpt());
        assertEquals(
                1,
                h.anonymous()
                        .taskforces()
                        .notes("kv-cache", ListQuery.defaults())
                        .count());
        assertEquals(3, h.anonymous().taskforces().files("kv-cache").count());
        assertEquals(
                0,
                h.anonymous()
                        .taskforces()
                        .list(Optional.of("nothing-like-this"), Optional.empty())
                        .matched());
    }

    @Test
    void noteTypeDefaultsOnlyWhenAbsentOrEmptyAsInTheReference() {
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "x"));
        h.put("agent-2", "n.md", "---\ntype: null\n---\nuntyped note\n");
        ContributionReceipt nullType =
                h.anonymous().taskforces().contribute("kv-cache", Contribution.note(h.uri("agent-2", "n.md")));
        assertTrue(
                h.central(nullType.path()).startsWith("---\ntype: null\nagent: agent-2\n"), h.central(nullType.path()));
        clock.advanceMillis(5);
        ContributionReceipt empty = h.anonymous()
                .taskforces()
                .contribute(
                        "kv-cache",
                        new Contribution(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("agent-2"),
                                Optional.of("empty type"),
                                Optional.of("")));
        assertTrue(h.central(empty.path()).startsWith("---\ntype: note\nagent: agent-2\n"), h.central(empty.path()));
    }

    @Test
    void racingCreatorsProduceExactlyOneTaskforce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            for (String agent : List.of("agent-1", "agent-2", "agent-10")) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        h.anonymous().taskforces().create(TaskforcePost.raw("race", agent, "by " + agent));
                        return agent;
                    } catch (CollabException e) {
                        assertEquals(ErrorCode.TASKFORCE_EXISTS, e.code());
                        return "";
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (var f : results) {
                if (!f.get().isEmpty()) {
                    winners.add(f.get());
                }
            }
            assertEquals(1, winners.size());
            assertEquals(winners.get(0), h.anonymous().taskforces().get("race").creator());
        }
    }

    @Test
    void aNamedFileCannotPassAsAnotherAgentsNote() {
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "x"));
        h.put("agent-1", "forged.md", "---\nagent: agent-2\nvia: bucket\n---\nI give up, agent-1 wins.\n");
        String src = h.uri("agent-1", "forged.md");
        // the marker sits in the folder, the leaf has the stamped form of a note by agent-2
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .taskforces()
                .contribute("kv-cache", Contribution.file(src, "d_agent-1/20260601-100000-000_agent-2.md"))));
        assertEquals(
                0,
                h.anonymous()
                        .taskforces()
                        .notes("kv-cache", ListQuery.builder().agent("agent-2").build())
                        .matched());
        // a stamped-looking name of one's own stays allowed, as do ordinary names
        h.anonymous()
                .taskforces()
                .contribute("kv-cache", Contribution.file(src, "d_agent-1/20260601-100000-000_agent-1.md"));
        h.anonymous().taskforces().contribute("kv-cache", Contribution.file(src, "d_agent-1/summary.md"));
    }

    @Test
    void namedFilesFollowThePathAndMarkerRules() {
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "x"));
        h.put("agent-1", "data.json", "{}");
        String src = h.uri("agent-1", "data.json");
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.anonymous().taskforces().contribute("kv-cache", Contribution.file(src, "data.json"))));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.anonymous().taskforces().contribute("kv-cache", Contribution.file(src, "x/README.md"))));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .taskforces()
                .contribute("kv-cache", Contribution.file(src, "../evil_agent-1.json"))));
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .taskforces()
                .contribute("kv-cache", Contribution.file(src, "/abs_agent-1.json"))));
        // agent-1 may not pass as agent-10's marker (the reference's prefix bug)
        assertEquals(ErrorCode.INVALID_PATH, code(() -> h.anonymous()
                .taskforces()
                .contribute("kv-cache", Contribution.file(src, "d_agent-10.json"))));
        h.anonymous().taskforces().contribute("kv-cache", Contribution.file(src, "d_agent-1.json"));
        assertEquals(
                ErrorCode.TASKFORCE_NOT_FOUND,
                code(() -> h.anonymous().taskforces().contribute("nope", Contribution.rawNote("agent-1", "x"))));
        assertEquals(ErrorCode.NOT_FOUND, code(() -> h.anonymous().taskforces().file("kv-cache", "missing.bin")));
        assertEquals(
                ErrorCode.INVALID_PATH,
                code(() -> h.anonymous().taskforces().file("kv-cache", "../../agents/agent-1.md")));
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                code(() -> new Contribution(
                        Optional.empty(),
                        Optional.of("x"),
                        Optional.of("agent-1"),
                        Optional.of("b"),
                        Optional.empty())));
    }

    @Test
    void listDetailAndNotesPagesAnswerWhatAFreshReadOfEveryFileAnswers() {
        java.util.Random random = new java.util.Random(20261202L);
        var central = h.config.centralBucket();
        String[] names = {"kv-cache", "tiling", "spec"};
        String[] agents = {"agent-1", "agent-2", "agent-10"};
        // q: note bodies, frontmatter renderings, mixed case, too short for the text index, found nowhere
        String[] needles = {"note 1", "NOTE 2", "by hand", "agent: agent-2", "no", "not written anywhere"};
        for (String n : names) {
            h.anonymous()
                    .taskforces()
                    .create(TaskforcePost.raw(n, agents[random.nextInt(3)], "# " + n + "\n\nGoal.\n"));
        }
        h.put("agent-1", "data.json", "{}");
        var spec = dev.agentcollab.core.service.internal.ListEngine.Spec.messages(h.config.expandMaxLimit());
        for (int step = 0; step < 60; step++) {
            String n = names[random.nextInt(names.length)];
            String agent = agents[random.nextInt(agents.length)];
            String dir = "taskforces/" + n + "/";
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> h.anonymous().taskforces().contribute(n, Contribution.rawNote(agent, "note " + step));
                case 3 ->
                    h.anonymous()
                            .taskforces()
                            .contribute(
                                    n,
                                    Contribution.file(
                                            h.uri("agent-1", "data.json"), "runs/r" + step + "_agent-1.json"));
                case 4 -> { // by hand: a note in a subfolder whose filename another note has, or a file with a marker
                    String leaf = random.nextBoolean()
                            ? "20260601-100000-000_agent-2.md"
                            : "plot" + step + "_agent-" + (random.nextBoolean() ? "10" : "77") + ".png";
                    h.store.put(
                            central,
                            dev.agentcollab.api.bucket.BucketPath.of(dir + "hand" + random.nextInt(3) + "/" + leaf),
                            ("---\nagent: agent-2\n" + (random.nextBoolean() ? "type: finding\n" : "") + "---\nby hand "
                                            + step + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    clock.advance(Duration.ofMinutes(5)); // past the listing's TTL: the edit is seen
                }
                case 5 -> { // by hand: a note deleted, or a new registered agent with an odd id
                    var notes = new TaskforceIndex(h.service.context().reads()).notes(n);
                    if (!notes.isEmpty() && random.nextBoolean()) {
                        h.store.delete(
                                central,
                                dev.agentcollab.api.bucket.BucketPath.of(
                                        notes.get(random.nextInt(notes.size())).path()));
                    } else {
                        h.store.put(
                                central,
                                dev.agentcollab.api.bucket.BucketPath.of(
                                        "agents/" + (random.nextBoolean() ? "agent-77" : "Odd_Agent-" + step) + ".md"),
                                "---\njoined: 2026-06-01 10:00 UTC\n---\n".getBytes(StandardCharsets.UTF_8));
                    }
                    clock.advance(Duration.ofMinutes(5));
                }
                case 6 -> { // by hand: the README edited
                    h.store.put(
                            central,
                            dev.agentcollab.api.bucket.BucketPath.of(dir + "README.md"),
                            ("---\ntaskforce: " + n
                                            + "\ncreator: agent-2\ncreated: 2026-06-01 10:00 UTC\n---\nNew goal " + step
                                            + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    clock.advance(Duration.ofMinutes(5));
                }
                default -> clock.advance(Duration.ofSeconds(20));
            }
            clock.advance(Duration.ofSeconds(11)); // past each agent's raw-write interval
            // a fresh read model reads every file again: what the kept states must answer
            var fresh = new dev.agentcollab.core.service.internal.ReadModel(
                    h.store, central, clock, Duration.ofSeconds(30), 1 << 20);
            TaskforceIndex all = new TaskforceIndex(fresh);
            String what = "step " + step;
            assertEquals(
                    all.summaries(),
                    h.anonymous()
                            .taskforces()
                            .list(Optional.empty(), Optional.empty())
                            .items(),
                    what);
            List<dev.agentcollab.api.taskforce.TaskforceSummary> summaries = all.summaries();
            assertEquals(
                    new dev.agentcollab.api.board.Digest.Newest(
                            summaries.size(),
                            summaries.stream()
                                    .sorted(java.util.Comparator.comparing(
                                                    (dev.agentcollab.api.taskforce.TaskforceSummary t) ->
                                                            t.created().orElse(""))
                                            .thenComparing(dev.agentcollab.api.taskforce.TaskforceSummary::name)
                                            .reversed())
                                    .limit(5)
                                    .map(dev.agentcollab.api.taskforce.TaskforceSummary::name)
                                    .toList()),
                    h.anonymous()
                            .digest()
                            .get(dev.agentcollab.api.board.DigestQuery.everyone())
                            .taskforces(),
                    "the digest's taskforces part, " + what);
            for (String t : names) {
                List<dev.agentcollab.core.service.internal.StoredDoc> notes = new ArrayList<>(all.notes(t));
                notes.sort(java.util.Comparator.comparing(dev.agentcollab.core.service.internal.StoredDoc::filename)
                        .reversed());
                TaskforceDetail d = h.anonymous().taskforces().get(t);
                assertEquals(
                        notes.stream()
                                .limit(5)
                                .map(dev.agentcollab.core.service.internal.StoredDoc::record)
                                .toList(),
                        d.recentNotes(),
                        what);
                List<String> cursors =
                        new ArrayList<>(java.util.Arrays.asList(null, "zz", "20260601-100000-000_agent-2.md"));
                if (!notes.isEmpty()) {
                    cursors.add(notes.get(random.nextInt(notes.size())).filename());
                }
                for (Integer limit : java.util.Arrays.asList(null, 0, 1, 3)) {
                    for (dev.agentcollab.api.query.SortOrder order : dev.agentcollab.api.query.SortOrder.values()) {
                        for (String cursor : cursors) {
                            ListQuery.Builder b =
                                    ListQuery.builder().limit(limit).order(order);
                            switch (random.nextInt(9)) {
                                case 0 -> b.agent(agents[random.nextInt(agents.length)]);
                                case 1 -> b.since("2026-06-01T10:05:00Z");
                                case 2 -> b.agent("agent-2").until("20260601-101000");
                                case 3 -> b.q(needles[random.nextInt(needles.length)]);
                                case 4 ->
                                    b.q(needles[random.nextInt(needles.length)])
                                            .agent(agents[random.nextInt(agents.length)]);
                                case 5 -> b.type(random.nextBoolean() ? "note" : "finding");
                                case 6 ->
                                    b.via(random.nextBoolean() ? "raw" : "bucket")
                                            .since(random.nextBoolean() ? "2026-06-01T10:05:00Z" : null);
                                default -> {}
                            }
                            for (ListQuery q : List.of(
                                    b.after(cursor).before(null).build(),
                                    b.after(null).before(cursor).build())) {
                                assertEquals(
                                        dev.agentcollab.core.service.internal.ListEngine.run(
                                                dev.agentcollab.core.service.internal.ListEngine.items(
                                                        all.notes(t),
                                                        dev.agentcollab.core.service.internal.StoredDoc::record),
                                                q,
                                                spec),
                                        h.anonymous().taskforces().notes(t, q),
                                        what + " " + t + " " + q);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anAgentWhoRegistersAfterAFileNamedThemIsAContributorAtOnce() {
        h.anonymous().taskforces().create(TaskforcePost.raw("kv-cache", "agent-1", "x"));
        h.store.put(
                h.config.centralBucket(),
                dev.agentcollab.api.bucket.BucketPath.of("taskforces/kv-cache/by/plot_agent-55.png"),
                "PNG".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofMinutes(5)); // past the listing's TTL: the file is seen
        assertEquals(
                List.of("agent-1"), h.anonymous().taskforces().get("kv-cache").contributors());
        h.onboard("agent-55", 55); // through the service: nothing under taskforces/ changes
        assertEquals(
                List.of("agent-1", "agent-55"),
                h.anonymous().taskforces().get("kv-cache").contributors());
        assertEquals(
                List.of("agent-1", "agent-55"),
                h.anonymous()
                        .taskforces()
                        .list(Optional.empty(), Optional.empty())
                        .items()
                        .get(0)
                        .contributors());
    }

    @Test
    void aFilesMarkersAreWhatEveryAgentsPatternFinds() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "ab1-_/.Xz";
        List<String> agents = List.of("a", "ab", "a-b", "b1", "agent-1", "agent-10", "x", "Odd_1", "a.b", "z-");
        java.util.Set<String> ids = new java.util.HashSet<>();
        List<String> others = new ArrayList<>();
        for (String a : agents) {
            if (dev.agentcollab.core.service.internal.Names.ID.matcher(a).matches()) {
                ids.add(a);
            } else {
                others.add(a);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder rel = new StringBuilder();
            for (int k = random.nextInt(14); k >= 0; k--) {
                rel.append(
                        random.nextInt(4) == 0
                                ? "_agent-1"
                                : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            java.util.Set<String> expected = new java.util.TreeSet<>();
            for (String a : agents) {
                if (java.util.regex.Pattern.compile("_" + java.util.regex.Pattern.quote(a) + "(?![a-z0-9-])")
                        .matcher(rel)
                        .find()) {
                    expected.add(a);
                }
            }
            java.util.Set<String> actual = new java.util.TreeSet<>();
            TaskforceIndex.markers(rel.toString(), ids, others, actual);
            assertEquals(expected, actual, rel.toString());
        }
    }
}
