package dev.agentcollab.core.service.board;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.SnapshotFiles;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder's {@link TextIndex} saved to a local file, so that the first {@code q} after a restart loads it
 * instead of reading every record of the folder again. Like {@link BoardIndexSnapshot}, it is never trusted beyond
 * the listing: it holds, per ordinal, the filename and the content hash the record was indexed at, and the index
 * compares every entry with the folder's listing when it loads one; a record whose hash differs, or a listed file
 * without an entry, is read and indexed again, and an entry whose file is no longer listed dies (its bits are
 * masked until the next sweep).
 *
 * <p>Format (version {@value #VERSION}), big-endian: the magic {@code CTIX}, the version, the central bucket's id
 * and the folder (each as {@link DataOutputStream#writeUTF}), the fingerprint of the text folding ({@link
 * #SCHEME}), the ordinal count n, then per ordinal a flag byte (1: a live record, followed by its filename and
 * content hash as {@code writeUTF}; 0: a dead or free ordinal), the dead ordinals as one bitmap, the number of
 * grams, each gram as its {@code long} key ({@link Trigrams#key}) followed by its posting list, and last the
 * CRC-32C of everything before it. Bitmaps are in RoaringBitmap's portable serialisation (the format shared by its
 * Java, C and Go implementations, specified at github.com/RoaringBitmap/RoaringFormatSpec): the containers as they
 * are in memory (sorted 16-bit arrays, 8 KiB bitmaps or runs), so a load copies them back without recomputing a
 * gram. Free ordinals are not listed: they are the ordinals neither live nor dead. At 100k small messages the file
 * is about 100 bytes per record (filename and hash) plus the posting lists (28 bytes per record).
 *
 * <p>A file that is truncated, fails its checksum, has another magic or version, was written for another bucket or
 * another folder, was written by a build that folds text differently (the fingerprint: the grams of a fixed
 * document with case, non-ASCII and frontmatter), or whose entries do not hold together (a posting beyond the
 * ordinals, a duplicate filename) is ignored with a log line, and the index is built from the store as without a
 * snapshot: a stale or foreign file can cost a build, never a wrong answer. Written atomically: a temporary file in
 * the same folder, forced to disk, renamed over the target. Stateless; callers serialise writes to one file.
 */
final class TextIndexSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(TextIndexSnapshot.class);
    private static final int MAGIC = 0x43544958; // "CTIX"
    static final int VERSION = 1;
    /** The fingerprint of the text folding and gram keys of this build; a snapshot of another is not used. */
    static final int SCHEME = scheme();

    private TextIndexSnapshot() {}

    /**
     * What a text index holds, by ordinal.
     *
     * @param names the filename of each ordinal ({@code null}: a dead or free ordinal)
     * @param hashes the content hash each live ordinal was indexed at ({@code null} where the name is)
     * @param dead the ordinals whose records changed or went away, still set in the posting lists
     * @param postings the posting list of each gram key
     */
    record State(List<String> names, List<String> hashes, RoaringBitmap dead, Map<Long, RoaringBitmap> postings) {
        /** Checks for nulls and that every ordinal has a name and a hash slot. */
        State {
            Objects.requireNonNull(names, "names");
            Objects.requireNonNull(hashes, "hashes");
            Objects.requireNonNull(dead, "dead");
            Objects.requireNonNull(postings, "postings");
            if (names.size() != hashes.size()) {
                throw new IllegalArgumentException(names.size() + " names but " + hashes.size() + " hashes");
            }
        }
    }

    /**
     * Encodes an index (a copy of it: the index's own structures change under its lock).
     *
     * @param bucket the central bucket
     * @param folder the indexed folder
     * @param state the index
     * @return the file's bytes, checksum included
     */
    static byte[] encode(BucketId bucket, String folder, State state) {
        long lists = 0;
        for (RoaringBitmap p : state.postings().values()) {
            lists += 12 + p.serializedSizeInBytes();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(
                Integer.MAX_VALUE - 16, 128 + lists + 100L * state.names().size()));
        CRC32C crc = new CRC32C();
        // buffered before the checksum: the bitmaps are written a few bytes at a time
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(bytes, crc), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(bucket.toString());
            out.writeUTF(folder);
            out.writeInt(SCHEME);
            int n = state.names().size();
            out.writeInt(n);
            for (int o = 0; o < n; o++) {
                String name = state.names().get(o);
                out.writeByte(name == null ? 0 : 1);
                if (name != null) {
                    out.writeUTF(name);
                    out.writeUTF(state.hashes().get(o));
                }
            }
            state.dead().serialize(out);
            out.writeInt(state.postings().size());
            for (Map.Entry<Long, RoaringBitmap> e : state.postings().entrySet()) {
                out.writeLong(e.getKey());
                e.getValue().serialize(out);
            }
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
     * @param folder the folder it must describe
     * @return the index, or empty when the file is absent or not a valid snapshot of this bucket's folder
     */
    static Optional<State> read(Path file, BucketId bucket, String folder) {
        Optional<DataInputStream> opened;
        try {
            opened = SnapshotFiles.open(file, MAGIC, VERSION, "text index snapshot");
        } catch (SnapshotFiles.Unusable e) {
            return ignored(file, e.getMessage());
        }
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (DataInputStream in = opened.get()) {
            String owner = in.readUTF();
            if (!owner.equals(bucket.toString())) {
                return ignored(file, "it was written for bucket " + owner + ", not " + bucket);
            }
            String of = in.readUTF();
            if (!of.equals(folder)) {
                return ignored(file, "it indexes the folder " + of + ", not " + folder);
            }
            if (in.readInt() != SCHEME) {
                return ignored(file, "it was written by a build that folds text into grams differently");
            }
            return decode(in, file);
        } catch (EOFException e) {
            return ignored(file, "it ends inside an entry");
        } catch (IOException | RuntimeException e) {
            return ignored(file, "it could not be decoded (" + e + ")");
        }
    }

    private static Optional<State> decode(DataInputStream in, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return ignored(file, "its ordinal count is negative");
        }
        List<String> names = new ArrayList<>(Math.min(n, 1 << 20));
        List<String> hashes = new ArrayList<>(Math.min(n, 1 << 20));
        Set<String> seen = new HashSet<>();
        RoaringBitmap live = new RoaringBitmap();
        for (int o = 0; o < n; o++) {
            int flag = in.readUnsignedByte();
            if (flag == 1) {
                String name = in.readUTF();
                if (!seen.add(name)) {
                    return ignored(file, "the filename " + name + " has two ordinals");
                }
                names.add(name);
                hashes.add(in.readUTF());
                live.add(o);
            } else if (flag == 0) {
                names.add(null);
                hashes.add(null);
            } else {
                return ignored(file, "ordinal " + o + " has the flag " + flag);
            }
        }
        RoaringBitmap dead = new RoaringBitmap();
        dead.deserialize(in);
        if (beyond(dead, n) || RoaringBitmap.intersects(dead, live)) {
            return ignored(file, "its dead ordinals are not ordinals without a record");
        }
        int grams = in.readInt();
        if (grams < 0) {
            return ignored(file, "its gram count is negative");
        }
        Map<Long, RoaringBitmap> postings = new HashMap<>(Math.min(grams, 1 << 20) * 4 / 3 + 1);
        for (int g = 0; g < grams; g++) {
            long key = in.readLong();
            RoaringBitmap p = new RoaringBitmap();
            p.deserialize(in);
            if (p.isEmpty() || beyond(p, n) || postings.put(key, p) != null) {
                return ignored(file, "the posting list of gram " + key + " is empty, repeated or beyond the ordinals");
            }
        }
        if (in.available() > 0) {
            return ignored(file, "it has bytes after its last posting list");
        }
        return Optional.of(new State(names, hashes, dead, postings));
    }

    private static boolean beyond(RoaringBitmap ordinals, int n) {
        return !ordinals.isEmpty() && Integer.toUnsignedLong(ordinals.last()) >= n;
    }

    private static Optional<State> ignored(Path file, String why) {
        LOG.warn("text index snapshot {} ignored, the folder's records are read instead: {}", file, why);
        return Optional.empty();
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

    /**
     * The CRC-32C of the gram keys of a fixed document, as this build folds and splits it: mixed case, letters whose
     * lower case changes length or depends on context, a surrogate pair and frontmatter of several types.
     */
    private static int scheme() {
        String probe = "---\nchannel: Ops\ntype: organizer\nscore: 0.5\ntags: [KV-cache, Straße]\nn: 3\n---\n"
                + "Step İSTANBUL ΣΊΣΥΦΟΣ naïve café 🚀 launch\n";
        CRC32C crc = new CRC32C();
        ByteBuffer key = ByteBuffer.allocate(8);
        for (String text : ListEngine.foldedTexts(FrontmatterCodec.parseLenient(probe))) {
            Trigrams.forEach(text, k -> {
                key.clear();
                crc.update(key.putLong(k).flip());
            });
            crc.update(0); // text boundaries count too
        }
        return (int) crc.getValue();
    }
}
