package dev.agentcollab.core.service.leaderboard;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.SnapshotFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RankedResults} saved to a local file, so that a restart classifies only the results that changed since,
 * instead of reading every result again (at 100,000 results that read was most of the start-up). Like the board's
 * snapshots it is never trusted beyond the listing: each entry holds the content hash the result was classified at,
 * and the ranked results compare every entry with the {@code results/} listing when they load one; a result whose
 * hash differs, or a listed result without an entry, is read again, and an entry whose file is no longer listed is
 * dropped. Verification states are not saved: they come from the verification index on the first ranking.
 *
 * <p>Format (version {@value #VERSION}), big-endian, every text as an {@code int} byte length and its UTF-8 bytes:
 * the magic {@code CRNK}, the version, the central bucket's id, the policy's score field and guard field (the guard
 * as a flag byte and the field), the fingerprint of the classification rules ({@link #SCHEME}), the entry count n,
 * then per entry, by filename ascending: the filename and content hash, the kind (a byte: its ordinal), the score (a
 * {@code double}), the author, the guard value (a flag byte and a {@code double}), the {@code status} rendering,
 * the method, the timestamp and the description, and last the CRC-32C of everything before it. The stamp and
 * whether the guard is over the cap are not saved: they follow from the filename and the policy. About 190 bytes
 * per result with a 64-character hash and a short description.
 *
 * <p>A file that is truncated, fails its checksum, has another magic or version, was written for another bucket,
 * for another score or guard field, or by a build that classifies results differently (the fingerprint: a fixed set
 * of results classified and encoded), or whose entries do not hold together (filenames not strictly ascending, a filename in a subfolder, an
 * unknown kind)
 * is ignored with a log line, and every result is read as without a snapshot: a stale or foreign file can cost a
 * read of the results, never a wrong answer. Written atomically ({@link SnapshotFiles}). Stateless; callers
 * serialise writes to one file.
 */
final class RankedResultsSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(RankedResultsSnapshot.class);
    private static final int MAGIC = 0x43524e4b; // "CRNK"
    static final int VERSION = 1;
    private static final RankedEntry.Kind[] KINDS = RankedEntry.Kind.values();
    /** The fingerprint of this build's classification of results; a snapshot of another is not used. */
    static final int SCHEME = scheme();

    private RankedResultsSnapshot() {}

    /**
     * Encodes the kept results.
     *
     * @param bucket the central bucket
     * @param policy the ranking policy they were classified by
     * @param entries the results (their verification states are not saved)
     * @return the file's bytes, checksum included
     */
    static byte[] encode(BucketId bucket, RankingPolicy policy, List<RankedEntry> entries) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, 128 + 160L * entries.size()));
        CRC32C crc = new CRC32C();
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(bytes, crc), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeText(out, bucket.toString());
            writePolicy(out, policy);
            out.writeInt(SCHEME);
            writeEntries(out, entries);
            out.flush();
            bytes.write(SnapshotFiles.tail(crc)); // past the checksum
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e); // a ByteArrayOutputStream does not
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a snapshot.
     *
     * @param file the snapshot file
     * @param bucket the central bucket it must have been written for
     * @param policy the ranking policy its entries must have been classified by
     * @return the results, in state {@code pending}, or empty when the file is absent or not a valid snapshot of
     *     this bucket and policy
     */
    static Optional<List<RankedEntry>> read(Path file, BucketId bucket, RankingPolicy policy) {
        Optional<ByteBuffer> opened;
        try {
            opened = SnapshotFiles.buffer(file, MAGIC, VERSION, "ranked results snapshot");
        } catch (SnapshotFiles.Unusable e) {
            return ignored(file, e.getMessage());
        }
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer in = opened.get();
        try {
            String owner = readText(in);
            if (!owner.equals(bucket.toString())) {
                return ignored(file, "it was written for bucket " + owner + ", not " + bucket);
            }
            String score = readText(in);
            Optional<String> guard = in.get() != 0 ? Optional.of(readText(in)) : Optional.empty();
            if (!score.equals(policy.scoreField()) || !guard.equals(policy.guardField())) {
                return ignored(
                        file,
                        "it was written for the score field " + score + " and guard " + guard.orElse("(none)")
                                + ", not " + policy.scoreField() + " and "
                                + policy.guardField().orElse("(none)"));
            }
            if (in.getInt() != SCHEME) {
                return ignored(file, "it was written by a build that classifies results differently");
            }
            return decode(in, file, policy);
        } catch (BufferUnderflowException e) {
            return ignored(file, "it ends inside an entry");
        } catch (RuntimeException e) {
            return ignored(file, "it could not be decoded (" + e + ")");
        }
    }

    /**
     * Writes a snapshot atomically, replacing the previous one.
     *
     * @param file the snapshot file (its folder is created when missing)
     * @param bytes the encoded snapshot ({@link #encode})
     * @throws IOException when the file cannot be written; the previous snapshot is then left as it was
     */
    static void write(Path file, byte[] bytes) throws IOException {
        SnapshotFiles.write(file, bytes);
    }

    private static void writePolicy(DataOutputStream out, RankingPolicy policy) throws IOException {
        writeText(out, policy.scoreField());
        out.writeBoolean(policy.guardField().isPresent());
        if (policy.guardField().isPresent()) {
            writeText(out, policy.guardField().get());
        }
    }

    /** Writes the entries by filename, ascending (the order the index keeps them in; a reader checks it). */
    private static void writeEntries(DataOutputStream out, List<RankedEntry> entries) throws IOException {
        List<RankedEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing((RankedEntry e) -> e.filename));
        out.writeInt(sorted.size());
        for (RankedEntry e : sorted) {
            writeText(out, e.filename);
            writeText(out, e.hash);
            out.writeByte(e.kind.ordinal());
            out.writeDouble(e.score);
            writeText(out, e.author);
            out.writeBoolean(e.guard.isPresent());
            out.writeDouble(e.guard.orElse(0.0));
            writeText(out, e.status);
            writeText(out, e.texts.method());
            writeText(out, e.texts.timestamp());
            writeText(out, e.texts.description());
        }
    }

    private static Optional<List<RankedEntry>> decode(ByteBuffer in, Path file, RankingPolicy policy) {
        int n = in.getInt();
        if (n < 0) {
            return ignored(file, "its entry count is negative");
        }
        List<RankedEntry> out = new ArrayList<>(Math.min(n, 1 << 20));
        // authors, statuses, methods and timestamps repeat across results: one instance of each value
        Map<String, String> shared = new HashMap<>();
        String previous = "";
        for (int i = 0; i < n; i++) {
            String filename = readText(in);
            if (filename.compareTo(previous) <= 0 || filename.indexOf('/') >= 0) {
                return ignored(
                        file, "the filename '" + filename + "' is empty, in a subfolder, repeated or out of order");
            }
            previous = filename;
            String hash = readText(in);
            int kind = in.get() & 0xff;
            if (kind >= KINDS.length) {
                return ignored(file, "the entry of " + filename + " has the kind " + kind);
            }
            double score = in.getDouble();
            String author = shared.computeIfAbsent(readText(in), v -> v);
            boolean hasGuard = in.get() != 0;
            double guard = in.getDouble();
            String status = shared.computeIfAbsent(readText(in), v -> v);
            String method = shared.computeIfAbsent(readText(in), v -> v);
            String timestamp = shared.computeIfAbsent(readText(in), v -> v);
            RowTexts texts = new RowTexts(method, timestamp, readText(in));
            out.add(new RankedEntry(
                    filename,
                    hash,
                    KINDS[kind],
                    score,
                    author,
                    hasGuard ? Optional.of(guard) : Optional.empty(),
                    status,
                    texts,
                    policy));
        }
        if (in.hasRemaining()) {
            return ignored(file, "it has bytes after its last entry");
        }
        return Optional.of(out);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static Optional<List<RankedEntry>> ignored(Path file, String why) {
        LOG.warn("ranked results snapshot {} ignored, every result is read instead: {}", file, why);
        return Optional.empty();
    }

    /**
     * The CRC-32C of a fixed set of results as this build classifies and encodes them: scorable, negative, another
     * status, a string score, a non-finite score, unparsable, with and without a guard value and an author field,
     * and values of several types in the shown fields.
     */
    private static int scheme() {
        RankingPolicy policy = new RankingPolicy(
                "score",
                dev.agentcollab.api.leaderboard.ScoreOrder.DESC,
                Optional.of("perplexity"),
                Optional.empty(),
                false);
        String[] probes = {
            "---\nscore: 2.5\nstatus: agent-run\nmethod: spec K=4\ndescription: d\ntimestamp: 2026-06-01 10:00 UTC\n"
                    + "perplexity: 7\n---\nbody\n",
            "---\nscore: 3\nstatus: negative\nagent: agent-9\nmethod: [a, b]\n---\n",
            "---\nscore: '4'\nstatus: agent-run\ntimestamp: 2026-06-01T10:00:00Z\n---\n",
            "---\nscore: .inf\nstatus: agent-run\nperplexity: '8'\n---\n",
            "---\nscore: 1\nstatus: done\ndescription: {k: v}\n---\n",
            "---\nscore: 1\nstatus: [agent-run]\n---\n",
            "---\nscore: -2\nstatus: agent-run\n---\n",
            "---\nscore: true\n---\n",
            "---\nscore: [unclosed\n---\nbroken\n",
        };
        List<RankedEntry> entries = new ArrayList<>();
        for (int i = 0; i < probes.length; i++) {
            String filename = i % 2 == 0 ? "20260601-100000-000_agent-" + i + ".md" : "notes-" + i + ".md";
            var doc = FrontmatterCodec.parseLenient(probes[i]);
            entries.add(RankedEntry.classify(
                    filename,
                    "h" + i,
                    new RankInput(filename, doc.frontmatter(), doc.parseError().isPresent()),
                    policy));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeEntries(out, entries);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        return (int) crc.getValue();
    }
}
