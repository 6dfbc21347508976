package dev.agentcollab.app.bucket;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.app.Counted;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code collab bucket backup} and {@code collab bucket restore}: whole buckets, checked by a manifest. */
final class BackupCommands {
    private BackupCommands() {}

    /** A bucket named {@code ORG/NAME} or {@code hf://buckets/ORG/NAME[/]}. */
    static BucketId bucket(String text) {
        if (text.startsWith("hf://")) {
            if (!text.startsWith("hf://buckets/")) {
                throw CollabException.invalidPath("expected hf://buckets/<org>/<bucket>/, got '" + text + "'");
            }
            String rest = text.substring("hf://buckets/".length());
            return BucketId.parse(rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest);
        }
        return BucketId.parse(text);
    }

    private static List<BucketId> distinct(List<String> names) {
        Set<BucketId> ids = new LinkedHashSet<>();
        for (String name : names) {
            if (!ids.add(bucket(name))) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "bucket named twice: " + name);
            }
        }
        return List.copyOf(ids);
    }

    /** {@code collab bucket backup DEST BUCKET...}. */
    @Command(
            name = "backup",
            mixinStandardHelpOptions = true,
            description = {
                "Copies whole buckets into a new or empty local folder DEST, each under DEST/<org>/<name>/, and"
                        + " writes DEST/backup.json last: every file's size and SHA-256, which restore checks.",
                "A folder that is not empty is refused, so that a backup is one point in time."
            })
    static final class Backup implements Callable<Integer> {
        @ParentCommand
        BucketCommand parent;

        @Parameters(index = "0", paramLabel = "DEST", description = "a new or empty local folder")
        Path dest;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "BUCKET",
                description = "ORG/NAME or hf://buckets/ORG/NAME/")
        List<String> buckets;

        @Override
        public Integer call() {
            return parent.run(s -> {
                List<BucketId> ids = new ArrayList<>();
                for (BucketId id : distinct(buckets)) {
                    ids.add(existing(s, id));
                }
                BackupManifest m = Backups.take(s, ids, dest, InstantSource.system());
                for (BackupManifest.Bucket b : m.buckets()) {
                    parent.out.println("hf://buckets/" + b.bucket() + "/: "
                            + Counted.of(b.files().size(), "file"));
                }
                parent.out.println("backup complete: " + dest.resolve(BackupManifest.FILE));
            });
        }
    }

    /** {@code collab bucket restore SRC [BUCKET...]}. */
    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = {
                "Restores the buckets of a backup folder SRC made by `collab bucket backup` (all of them, or the"
                        + " BUCKETs named). Every file is checked against SRC/backup.json first; a missing, truncated"
                        + " or altered file, or a missing backup.json, refuses the restore before anything is written.",
                "A bucket is created when missing; one that holds files is refused unless --replace, which makes it"
                        + " hold exactly the backup's files. Each bucket is moved into place in one batch; on the"
                        + " Hub, which applies a batch in part when it fails, restore again with --replace to finish."
            })
    static final class Restore implements Callable<Integer> {
        @ParentCommand
        BucketCommand parent;

        @Parameters(index = "0", paramLabel = "SRC", description = "a folder made by collab bucket backup")
        Path src;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "BUCKET", description = "ORG/NAME (default: all)")
        List<String> buckets = List.of();

        @Option(
                names = "--replace",
                description = "restore into buckets that hold files, deleting those the backup does not hold"
                        + " (a path left out is kept)")
        boolean replace;

        @Option(
                names = "--leave-out",
                paramLabel = "PATH",
                description = "a file or folder of the buckets that the restore leaves as it is: neither"
                        + " checked, restored nor deleted, e.g. .collab/serve-claim.json (repeatable)")
        List<String> leaveOut = List.of();

        @Override
        public Integer call() {
            return parent.run(s -> {
                BackupManifest m = Backups.manifest(src);
                List<BackupManifest.Bucket> chosen =
                        chosen(m).stream().map(this::withoutLeftOut).toList();
                Backups.verify(src, chosen);
                for (BackupManifest.Bucket b : chosen) {
                    BucketCommand.refuseWhileServed(s, b.bucket());
                    refuseNonEmpty(s, b.bucket());
                }
                String stage = Long.toString(m.created().toEpochMilli());
                for (BackupManifest.Bucket b : chosen) {
                    s.create(b.bucket(), true);
                    int n = Backups.restore(s, src, b, stage, this::leftOut);
                    parent.out.println("hf://buckets/" + b.bucket() + "/: " + Counted.of(n, "file") + " restored");
                }
            });
        }

        private List<BackupManifest.Bucket> chosen(BackupManifest m) {
            if (buckets.isEmpty()) {
                return m.buckets();
            }
            List<BackupManifest.Bucket> out = new ArrayList<>();
            for (BucketId id : distinct(buckets)) {
                out.add(m.buckets().stream()
                        .filter(b -> b.bucket().equals(id))
                        .findFirst()
                        .orElseThrow(() -> CollabException.of(
                                ErrorCode.NOT_FOUND,
                                "the backup " + src + " has no bucket " + id,
                                "it has "
                                        + m.buckets().stream()
                                                .map(b -> b.bucket().toString())
                                                .toList())));
            }
            return out;
        }

        private BackupManifest.Bucket withoutLeftOut(BackupManifest.Bucket b) {
            return new BackupManifest.Bucket(
                    b.bucket(),
                    b.files().stream().filter(f -> !leftOut(f.path())).toList());
        }

        /** Whether a bucket path is one of {@code --leave-out} or in one of its folders. */
        private boolean leftOut(BucketPath path) {
            return leaveOut.stream().anyMatch(p -> {
                String folder = p.endsWith("/") ? p : p + "/";
                return path.value().equals(p) || path.value().startsWith(folder);
            });
        }

        private void refuseNonEmpty(BucketStore s, BucketId bucket) {
            if (replace || !s.exists(bucket)) {
                return;
            }
            List<BucketEntry> files = s.listAll(bucket, "").stream()
                    .filter(e -> !leftOut(e.path()))
                    .toList();
            if (!files.isEmpty()) {
                throw CollabException.of(
                        ErrorCode.CONFLICT,
                        "hf://buckets/" + bucket + "/ holds " + Counted.of(files.size(), "file")
                                + ", nothing was restored",
                        "restore into an empty store, or pass --replace to make the bucket hold exactly the"
                                + " backup's files");
            }
        }
    }

    private static BucketId existing(BucketStore s, BucketId id) {
        if (!s.exists(id)) {
            throw CollabException.of(ErrorCode.BUCKET_NOT_FOUND, "bucket not found: " + id);
        }
        return id;
    }
}
