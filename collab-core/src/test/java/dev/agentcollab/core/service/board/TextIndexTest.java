package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.RecordSet;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The text index's candidates against a brute-force match of every stored record: they hold every record the
 * {@code q} matcher accepts (for a three-character needle, exactly those), for mixed case, non-ASCII text whose
 * lower case changes length or depends on context, surrogate pairs and frontmatter renderings, through writes,
 * edits and deletes made through the read model and out of band, and through sweeps that reuse ordinals.
 */
@Timeout(60)
class TextIndexTest {
    static final List<String> WORDS = List.of(
            "step", "Reply", "KV-cache", "Straße", "ΣΊΣΥΦΟΣ", "İSTANBUL", "naïve café", "🚀 launch", "zz top", "ops");
    static final List<String> NEEDLES = List.of(
            "step",
            "STEP",
            "reply",
            "kv-",
            "STRASSE",
            "straße",
            "STRAßE",
            "σίσυφος",
            "ΣΥΦΟΣ",
            "istanbul",
            "İst",
            "i̇st",
            "ÏVE",
            "🚀 l",
            "🚀",
            "channel: ops",
            "type: organizer",
            "e: o",
            "agent_id: agent-1",
            "zzz",
            "ops",
            "op",
            "z",
            "p c");

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final InMemoryBucketStore store = InMemoryBucketStore.create(clock);
    private final BucketId central = BucketId.parse("org/central");
    private final Random random = new Random(14);

    @Test
    void candidatesHoldEveryMatchThroughWritesEditsDeletesAndSweeps() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        TextIndex index = new TextIndex(reads, "m/", 8);
        List<String> names = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            List<BatchOp> ops = new ArrayList<>();
            for (int i = 0; i < 15; i++) { // written through the model: seen at once
                String name = String.format("20260601-10%02d%02d-000_agent-%d.md", round, i, random.nextInt(3));
                names.add(name);
                ops.add(BatchOp.put("m/" + name, message(random)));
            }
            for (int i = 0; i < 4 && round > 0; i++) { // edits and deletes through the model
                String victim = names.get(random.nextInt(names.size()));
                if (random.nextBoolean()) {
                    ops.add(BatchOp.put("m/" + victim, message(random)));
                } else {
                    ops.add(BatchOp.delete("m/" + victim));
                    names.remove(victim);
                }
            }
            reads.apply(ops);
            compare(reads, index);
            // out of band: an edit, a delete and a new record, seen once the listing's TTL has passed
            String edited = names.get(random.nextInt(names.size()));
            store.put(central, BucketPath.of("m/" + edited), message(random));
            String gone = names.remove(random.nextInt(names.size()));
            store.delete(central, BucketPath.of("m/" + gone));
            String added = String.format("20260601-11%02d00-000_organizer.md", round);
            names.add(added);
            store.put(central, BucketPath.of("m/" + added), message(random));
            clock.advance(Duration.ofSeconds(31));
            compare(reads, index);
        }
        int live = reads.records("m/").orElseThrow().count();
        assertTrue(
                index.ordinalsAllocated() < live + live / 4 + 8 + 20,
                "swept ordinals are reused: " + index.ordinalsAllocated() + " for " + live + " records");
    }

    @Test
    void aRareNeedleNarrowsTheCandidatesAndAShortOneIsNotAnswered() {
        store.create(central, false);
        ReadModel reads = new ReadModel(store, central, clock, Duration.ofSeconds(30), 1 << 20);
        List<BatchOp> ops = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ops.add(BatchOp.put(
                    String.format("m/20260601-10%04d-000_agent-1.md", i),
                    ("---\ntype: agent\n---\nprogress update " + i + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        reads.apply(ops);
        TextIndex index = new TextIndex(reads, "m/");
        ReadModel.Records view = reads.records("m/").orElseThrow();
        assertEquals(List.of("20260601-100137-000_agent-1.md"), names(index.candidates("UPDATE 137\n", view)));
        assertEquals(1, index.candidates("update 137", view).orElseThrow().count()); // 1370.. are not there
        assertEquals(11, index.candidates("update 19", view).orElseThrow().count()); // 19, 190-199
        assertEquals(200, index.candidates("type: agent", view).orElseThrow().count());
        assertEquals(0, index.candidates("type: agents", view).orElseThrow().count());
        assertEquals(Optional.empty(), index.candidates("up", view));
        assertEquals(200, index.messagesRead(), "built once, on the first query");
        index.candidates("progress", view);
        assertEquals(200, index.messagesRead(), "nothing read again while nothing changed");
        reads.apply(
                List.of(BatchOp.put("m/20260601-110000-000_agent-2.md", "new one".getBytes(StandardCharsets.UTF_8))));
        assertEquals(
                1,
                index.candidates("NEW ONE", reads.records("m/").orElseThrow())
                        .orElseThrow()
                        .count());
        assertEquals(201, index.messagesRead(), "a write through the model is read alone");
    }

    /** A message of random words in its body and frontmatter. */
    static byte[] message(Random random) {
        StringBuilder fm = new StringBuilder("---\n");
        fm.append("type: ").append(random.nextBoolean() ? "agent" : "organizer").append('\n');
        fm.append("agent_id: agent-").append(random.nextInt(3)).append('\n');
        if (random.nextInt(3) == 0) {
            fm.append("channel: ")
                    .append(WORDS.get(random.nextInt(WORDS.size())))
                    .append('\n');
        }
        if (random.nextInt(4) == 0) {
            fm.append("tags: [").append(WORDS.get(random.nextInt(WORDS.size()))).append(", x]\n");
        }
        StringBuilder body = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            body.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextBoolean() ? " " : "\n");
        }
        String text = random.nextInt(8) == 0 ? body.toString() : fm + "---\n" + body;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void compare(ReadModel reads, TextIndex index) {
        ReadModel.Records view = reads.records("m/").orElseThrow();
        List<String> docs = new ArrayList<>();
        List<Document> parsed = new ArrayList<>();
        for (BucketEntry e : store.listAll(central, "m/")) {
            byte[] bytes = store.read(central, e.path()).orElseThrow();
            docs.add(e.path().value().substring(2));
            parsed.add(FrontmatterCodec.parseLenient(new String(bytes, StandardCharsets.UTF_8)));
        }
        for (String needle : NEEDLES) {
            TreeSet<String> matches = new TreeSet<>();
            for (int i = 0; i < docs.size(); i++) {
                if (ListEngine.matchesText(parsed.get(i), ListEngine.fold(needle))) {
                    matches.add(docs.get(i));
                }
            }
            Optional<RecordSet> candidates = index.candidates(needle, view);
            if (ListEngine.fold(needle).length() < Trigrams.MIN_LENGTH) {
                assertEquals(Optional.empty(), candidates, needle);
                continue;
            }
            List<String> got = names(candidates);
            assertTrue(got.containsAll(matches), needle + ": " + matches + " not all in " + got);
            if (ListEngine.fold(needle).length() == Trigrams.MIN_LENGTH) {
                assertEquals(List.copyOf(matches), got, "a three-character needle is one gram: " + needle);
            }
            for (String f : matches) {
                assertTrue(candidates.get().contains(f), needle + " contains " + f);
            }
        }
    }

    private static List<String> names(Optional<RecordSet> set) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = set.orElseThrow().filenames(null, null, false); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
