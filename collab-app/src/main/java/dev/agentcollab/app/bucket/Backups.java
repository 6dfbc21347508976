package dev.agentcollab.app.bucket;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.PartialBatchException;
import dev.agentcollab.api.bucket.spi.ContentHashes;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.app.Counted;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Backups of whole buckets into a local folder, and their restore. A backup folder holds each bucket's files under
 * {@code <org>/<name>/} and, written last, {@link BackupManifest#FILE} with every file's size and SHA-256; a restore
 * checks every file against it before it writes anything. The bucket store reads and writes files whole, so memory
 * is one file at a time when backing up, and a chunk of files (at most {@link #CHUNK_BYTES}, or one larger file)
 * when restoring.
 */
final class Backups {
    /** How many bytes of files a restore stages in one write. */
    static final long CHUNK_BYTES = 64L << 20;

    /** How many files a restore stages in one write. */
    static final int CHUNK_FILES = 1000;

    /** Where a restore stages a bucket's files before it moves them into place in one batch. */
    static final String STAGING = ".collab-restore";

    private Backups() {}

    /**
     * Copies every file of the buckets into a new or empty folder and writes the manifest last.
     *
     * @param store the store
     * @param buckets the buckets, each existing
     * @param dest the folder (created when missing; refused when it holds anything)
     * @param clock the backup's creation time
     * @return the manifest written
     * @throws IOException when a local file cannot be written
     * @throws CollabException {@code CONFLICT} when {@code dest} is not empty
     */
    static BackupManifest take(BucketStore store, List<BucketId> buckets, Path dest, InstantSource clock)
            throws IOException {
        refuseNonEmpty(dest);
        Files.createDirectories(dest);
        BackupManifest manifest =
                new BackupManifest(BackupManifest.VERSION, clock.instant(), copyOut(store, buckets, dest));
        Path partial = dest.resolve(BackupManifest.FILE + ".partial");
        Files.writeString(partial, manifest.toJson(), StandardCharsets.UTF_8);
        Files.move(partial, dest.resolve(BackupManifest.FILE), StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    private static List<BackupManifest.Bucket> copyOut(BucketStore store, List<BucketId> buckets, Path dest)
            throws IOException {
        List<BackupManifest.Bucket> out = new ArrayList<>();
        for (BucketId bucket : buckets) {
            Path folder = folder(dest, bucket);
            Files.createDirectories(folder);
            List<BackupManifest.File> files = new ArrayList<>();
            for (BucketEntry entry : store.listAll(bucket, "")) {
                Optional<byte[]> bytes = store.read(bucket, entry.path()); // deleted since the listing: left out
                if (bytes.isPresent()) {
                    Path target = local(folder, entry.path());
                    Files.createDirectories(target.getParent());
                    Files.write(target, bytes.get(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    files.add(new BackupManifest.File(
                            entry.path(), bytes.get().length, ContentHashes.sha256(bytes.get())));
                }
            }
            out.add(new BackupManifest.Bucket(bucket, files));
        }
        return out;
    }

    private static void refuseNonEmpty(Path dest) throws IOException {
        if (!Files.exists(dest)) {
            return;
        }
        if (!Files.isDirectory(dest)) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "not a folder: " + dest, "a backup goes into a folder");
        }
        try (Stream<Path> entries = Files.list(dest)) {
            if (entries.findAny().isPresent()) {
                throw CollabException.of(
                        ErrorCode.CONFLICT,
                        "the backup folder " + dest + " is not empty: a backup is one point in time, and another's"
                                + " files would mix with it",
                        "back up into a new folder, e.g. backups/$(date +%F-%H%M%S)");
            }
        }
    }

    /**
     * Reads a backup's manifest.
     *
     * @param src the backup folder
     * @return its manifest
     * @throws CollabException {@code INVALID_REQUEST} when it has none or it cannot be read
     */
    static BackupManifest manifest(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "no backup folder: " + src);
        }
        Path file = src.resolve(BackupManifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "no " + BackupManifest.FILE + " in " + src + ": the backup did not finish (it is written last),"
                            + " or the folder was copied out with `collab bucket cp`",
                    "restore another backup; a bucket folder copied with `collab bucket cp` goes back, unchecked,"
                            + " with `collab bucket cp FOLDER hf://buckets/ORG/NAME/`");
        }
        return BackupManifest.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Checks that every file of the chosen buckets is in the backup folder as the manifest says, reading each one
     * as a stream.
     *
     * @param src the backup folder
     * @param buckets the buckets to check
     * @throws CollabException {@code INVALID_REQUEST} naming the first file that is missing, has another size or
     *     another SHA-256
     */
    static void verify(Path src, List<BackupManifest.Bucket> buckets) throws IOException {
        for (BackupManifest.Bucket b : buckets) {
            Path folder = folder(src, b.bucket());
            for (BackupManifest.File f : b.files()) {
                Path file = local(folder, f.path());
                if (!Files.isRegularFile(file)) {
                    throw damaged(file, "is missing");
                }
                long size = Files.size(file);
                if (size != f.size()) {
                    throw damaged(file, "has " + size + " bytes, " + BackupManifest.FILE + " says " + f.size());
                }
                if (!sha256(file).equals(f.sha256())) {
                    throw damaged(file, "is altered: its SHA-256 is not the one " + BackupManifest.FILE + " records");
                }
            }
        }
    }

    /**
     * Makes a bucket hold a verified backup's files: stages them in chunks under {@link #STAGING}, then moves them
     * into place, and deletes what the backup does not hold when replacing, in one batch (atomic on a {@code file:}
     * store). The staged files are removed when a chunk or the last batch fails. A path left out is not touched: the
     * caller leaves it out of {@code b}, and it is kept in the bucket when it is there.
     *
     * @param store the store
     * @param src the backup folder
     * @param b the bucket and its files
     * @param stage the staging folder's name under {@link #STAGING}
     * @param leftOut the bucket's paths the restore leaves as they are
     * @return the number of files restored
     * @throws CollabException {@code BATCH_PARTIALLY_APPLIED} when the store applied the last batch in part (the
     *     Hub), saying how many of the backup's files are in place and how to finish
     */
    static int restore(
            BucketStore store, Path src, BackupManifest.Bucket b, String stage, Predicate<BucketPath> leftOut)
            throws IOException {
        return restore(store, src, b, stage, leftOut, CHUNK_BYTES);
    }

    /**
     * As {@link #restore(BucketStore, Path, BackupManifest.Bucket, String, Predicate)}, staging chunks of this many
     * bytes.
     */
    static int restore(
            BucketStore store,
            Path src,
            BackupManifest.Bucket b,
            String stage,
            Predicate<BucketPath> leftOut,
            long chunkLimit)
            throws IOException {
        Path folder = folder(src, b.bucket());
        String prefix = STAGING + "/" + stage + "/";
        Set<String> kept = new HashSet<>();
        List<BatchOp> move = new ArrayList<>();
        List<BatchOp> unstage = new ArrayList<>();
        List<BatchOp> chunk = new ArrayList<>();
        long chunkBytes = 0;
        try {
            for (BackupManifest.File f : b.files()) {
                Path file = local(folder, f.path());
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != f.size() || !ContentHashes.sha256(bytes).equals(f.sha256())) {
                    throw CollabException.of(
                            ErrorCode.CONFLICT,
                            file + " changed after it was checked; hf://buckets/" + b.bucket() + " was left as it was",
                            "leave the backup folder alone while it is restored, and restore it again");
                }
                BucketPath staged = BucketPath.of(prefix + f.path().value());
                chunk.add(new BatchOp.Put(staged, bytes));
                unstage.add(new BatchOp.Delete(staged));
                move.add(new BatchOp.Copy(b.bucket(), staged, f.path()));
                kept.add(f.path().value());
                chunkBytes += bytes.length;
                if (chunkBytes >= chunkLimit || chunk.size() >= CHUNK_FILES) {
                    store.apply(b.bucket(), chunk);
                    chunk = new ArrayList<>();
                    chunkBytes = 0;
                }
            }
            if (!chunk.isEmpty()) {
                store.apply(b.bucket(), chunk);
            }
        } catch (IOException | RuntimeException e) {
            unstage(store, b.bucket(), prefix, e);
            throw e;
        }
        List<BatchOp> commit = new ArrayList<>(move);
        for (BucketEntry e : store.listAll(b.bucket(), "")) {
            String path = e.path().value();
            if (!kept.contains(path) && !path.startsWith(prefix) && !leftOut.test(e.path())) {
                commit.add(new BatchOp.Delete(e.path())); // not in the backup: only a replace gets here with any
            }
        }
        commit.addAll(unstage);
        if (!commit.isEmpty()) {
            try {
                store.apply(b.bucket(), commit);
            } catch (PartialBatchException e) {
                unstage(store, b.bucket(), prefix, e);
                throw partlyRestored(src, b, kept, e);
            } catch (RuntimeException e) {
                unstage(store, b.bucket(), prefix, e);
                throw e;
            }
        }
        return b.files().size();
    }

    /**
     * The failure of a commit that the store applied in part (the Hub applies a batch 1000 operations per call and
     * not transactionally): how many of the backup's files are in place, why the others are not, and how to finish.
     */
    private static CollabException partlyRestored(
            Path src, BackupManifest.Bucket b, Set<String> kept, PartialBatchException e) {
        long inPlace = e.applied().stream()
                .map(BucketPath::value)
                .filter(kept::contains)
                .distinct()
                .count();
        StringBuilder why = new StringBuilder();
        e.failed().entrySet().stream()
                .filter(f -> kept.contains(f.getKey().value()))
                .limit(5)
                .forEach(f -> why.append(why.isEmpty() ? "" : "; ")
                        .append(f.getKey().value())
                        .append(": ")
                        .append(f.getValue()));
        return new CollabException(
                ErrorCode.BATCH_PARTIALLY_APPLIED,
                "hf://buckets/" + b.bucket() + "/ is part restored: " + inPlace + " of "
                        + Counted.of(b.files().size(), "file") + " of the backup are in place"
                        + (why.isEmpty() ? "" : " (" + why + ")") + "; the staged files under " + STAGING
                        + "/ were removed",
                "restore it again with `collab bucket restore --replace " + src + " " + b.bucket()
                        + "`, which makes it hold exactly the backup's files",
                null,
                e);
    }

    private static void unstage(BucketStore store, BucketId bucket, String prefix, Exception cause) {
        try {
            List<BatchOp> staged = new ArrayList<>();
            for (BucketEntry e : store.listAll(bucket, prefix)) {
                staged.add(new BatchOp.Delete(e.path()));
            }
            if (!staged.isEmpty()) {
                store.apply(bucket, staged);
            }
        } catch (RuntimeException also) {
            cause.addSuppressed(also);
        }
    }

    /** A bucket's folder in a backup: {@code <org>/<name>}. */
    static Path folder(Path backup, BucketId bucket) {
        return backup.resolve(bucket.org()).resolve(bucket.name());
    }

    /** A bucket file's local copy, refused when its path would leave the bucket's folder. */
    private static Path local(Path folder, BucketPath path) {
        Path file = folder.resolve(path.value()).normalize();
        if (!file.startsWith(folder.normalize()) || file.equals(folder.normalize())) {
            throw CollabException.invalidPath("a bucket path that leaves its folder: " + path.value());
        }
        return file;
    }

    private static CollabException damaged(Path file, String what) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "the backup is damaged, nothing was restored: " + file + " " + what,
                "restore another backup");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
