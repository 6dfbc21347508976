package dev.agentcollab.app.bucket;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.app.Counted;
import dev.agentcollab.core.bucket.BucketFolders;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.core.service.claim.WriterClaim;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code collab bucket}: the bucket operations an agent needs before it can register (create its scratch bucket,
 * write the handshake file) and to stage files it promotes, on any store: a deployment's {@code file:} folder or
 * {@code hf://buckets} (token from {@code HF_TOKEN}). Files are named {@code hf://buckets/<org>/<bucket>/<path>}
 * whatever the store, as in the API's {@code source} fields.
 */
@Command(
        name = "bucket",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Creates buckets, copies files in and out of them, and backs whole buckets up and restores them"
                + " (file: stores and hf://buckets).",
        subcommands = {
            BucketCommand.Create.class,
            BucketCommand.Copy.class,
            BucketCommand.ListFiles.class,
            BackupCommands.Backup.class,
            BackupCommands.Restore.class
        })
public final class BucketCommand {
    @Option(
            names = "--store",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            paramLabel = "URI",
            description = "file:<folder> or hf://buckets (default: $COLLAB_STORE)")
    String store;

    final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    /**
     * Creates the command.
     *
     * @param out where listings go
     * @param err where errors go
     */
    public BucketCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /**
     * Creates the command with its environment ({@code COLLAB_STORE}, and {@code HF_ENDPOINT} and {@code HF_TOKEN}
     * for {@code hf://buckets}).
     *
     * @param out where listings go
     * @param err where errors go
     * @param env the environment
     */
    BucketCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    int run(StoreAction action) {
        String uri = store != null ? store : env.get("COLLAB_STORE");
        if (uri == null || uri.isBlank()) {
            err.println("collab bucket: no store: pass --store file:<folder> or --store hf://buckets, or set"
                    + " COLLAB_STORE");
            return Commands.USAGE;
        }
        try (BucketStore s = BucketStores.open(storeUri(uri), hubSettings(uri))) {
            action.run(s);
            return Commands.OK;
        } catch (CollabException e) {
            err.println("collab bucket: " + e.code() + ": " + e.getMessage()
                    + e.hint().map(h -> " (" + h + ")").orElse(""));
            return Commands.FAILED;
        } catch (IOException e) {
            err.println("collab bucket: " + local(e, e.getMessage()));
            return Commands.FAILED;
        } catch (UncheckedIOException e) {
            err.println("collab bucket: " + local(e.getCause(), e.getMessage()));
            return Commands.FAILED;
        } catch (OutOfMemoryError e) {
            // a folder's files are held together until they are written in one batch
            err.println("collab bucket: out of memory (" + e.getMessage() + "): the files of a folder are copied"
                    + " together; copy its sub-folders one by one, or give the JVM more heap (JAVA_OPTS=-Xmx...)");
            return Commands.FAILED;
        }
    }

    /**
     * What went wrong with a local file, in words: the JDK's exceptions for a missing file, a refused access or a
     * file where a folder was expected carry only the file's name as their message.
     *
     * @param e the failure
     * @param otherwise the text of any other failure
     * @return the text to print
     */
    static String local(IOException e, String otherwise) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile()
                    + " (a local source must exist, and so must the folder a file is copied out into)";
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof NotDirectoryException d) {
            return "not a folder: " + d.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "in the way: " + f.getFile() + " exists";
        }
        return otherwise;
    }

    /** The endpoint and token of an {@code hf://buckets} store, from the environment. */
    private Map<String, String> hubSettings(String uri) {
        Map<String, String> settings = new HashMap<>();
        if (!uri.regionMatches(true, 0, "hf:", 0, 3)) {
            return settings;
        }
        Optional.ofNullable(env.get("HF_ENDPOINT"))
                .filter(e -> !e.isBlank())
                .ifPresent(e -> settings.put("endpoint", e.strip()));
        Optional.ofNullable(env.get("HF_TOKEN"))
                .filter(t -> !t.isBlank())
                .ifPresent(t -> settings.put("token", t.strip()));
        return settings;
    }

    private static URI storeUri(String uri) {
        if (uri.startsWith("file:") && !uri.startsWith("file:/")) {
            return Path.of(uri.substring("file:".length()))
                    .toAbsolutePath()
                    .normalize()
                    .toUri();
        }
        return URI.create(uri);
    }

    /**
     * A bucket file address: {@code hf://buckets/<org>/<bucket>[/<path>]}. Unlike API sources, paths may name dot
     * files such as the handshake file.
     */
    private record Address(BucketId bucket, String path) {
        /** A file's (or a folder's, for a copy into it) address. */
        static Address parse(String text) {
            return parse(text, false);
        }

        /**
         * An address; a listing's prefix may end with {@code /} (a folder), which a file path may not.
         *
         * @param text {@code hf://buckets/<org>/<bucket>[/<path>]}
         * @param prefix whether the path is a listing's prefix
         */
        static Address parse(String text, boolean prefix) {
            Matcher m = ADDRESS.matcher(text);
            if (!m.matches()) {
                throw CollabException.invalidPath("expected hf://buckets/<org>/<bucket>[/<path>], got '" + text + "'");
            }
            String path = m.group(3) == null ? "" : m.group(3);
            String checked = prefix && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (!checked.isEmpty()) {
                BucketPath.of(checked); // validates
            }
            return new Address(new BucketId(m.group(1), m.group(2)), path);
        }

        /** The bucket, checked to exist, with the command that creates it as the hint otherwise. */
        BucketId existingIn(BucketStore s) {
            if (!s.exists(bucket)) {
                throw CollabException.of(
                        ErrorCode.BUCKET_NOT_FOUND,
                        "bucket not found: " + bucket,
                        "create it first: collab bucket create " + bucket);
            }
            return bucket;
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("hf://buckets/([^/]+)/([^/]+)(?:/(.*))?");

    @FunctionalInterface
    interface StoreAction {
        void run(BucketStore store) throws IOException;
    }

    /** {@code collab bucket create ORG/NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a bucket (existing is fine).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        BucketCommand parent;

        @Parameters(paramLabel = "ORG/NAME", description = "the bucket, e.g. my-org/fast-gemma-my-agent")
        String bucket;

        @Override
        public Integer call() {
            return parent.run(s -> {
                BucketId id = bucket.startsWith("hf://") ? Address.parse(bucket).bucket() : BucketId.parse(bucket);
                s.create(id, true);
                parent.out.println("bucket " + id + " ready");
            });
        }
    }

    /** {@code collab bucket cp SRC DEST}: local file or folder to bucket, or bucket file to local file or stdout. */
    @Command(
            name = "cp",
            mixinStandardHelpOptions = true,
            description = {
                "Copies a local file or folder into a bucket, or a bucket file or folder out (DEST - prints a file).",
                "Bucket files are hf://buckets/<org>/<bucket>/<path>; a folder ends with / (the bucket's root:"
                        + " hf://buckets/<org>/<bucket>/), and is copied out into the folder DEST, e.g. for a backup;"
                        + " a bucket path that is no file but a folder is copied out as one. A local folder goes"
                        + " into the bucket path DEST; a local file goes into a DEST that ends with / under its own"
                        + " name."
            })
    static final class Copy implements Callable<Integer> {
        @ParentCommand
        BucketCommand parent;

        @Parameters(index = "0", paramLabel = "SRC")
        String src;

        @Parameters(index = "1", paramLabel = "DEST")
        String dest;

        @Override
        public Integer call() {
            return parent.run(s -> {
                if (src.startsWith("hf://")) {
                    Address from = Address.parse(src, true);
                    if (from.path().isEmpty() || from.path().endsWith("/")) {
                        copyFolderOut(s, from);
                        return;
                    }
                    Optional<byte[]> file = s.read(from.existingIn(s), BucketPath.of(from.path()));
                    if (file.isEmpty() && s.hasAny(from.bucket(), from.path() + "/")) {
                        // no such file but a folder of that name: copy the folder, as cp -r would
                        copyFolderOut(s, new Address(from.bucket(), from.path() + "/"));
                        return;
                    }
                    byte[] bytes = file.orElseThrow(() -> CollabException.notFound(src));
                    if (dest.equals("-")) {
                        parent.out.write(bytes);
                        parent.out.flush();
                    } else {
                        Path target = Path.of(dest);
                        if (Files.isDirectory(target)) {
                            target = target.resolve(
                                    Path.of(from.path()).getFileName().toString());
                        }
                        Files.write(target, bytes);
                    }
                    return;
                }
                Address to = Address.parse(dest, true);
                BucketId bucket = to.existingIn(s);
                Path local = Path.of(src);
                // a destination ending with / (or the bucket's root) is a folder the source goes into
                boolean intoFolder = to.path().isEmpty() || to.path().endsWith("/");
                String base = intoFolder && !to.path().isEmpty()
                        ? to.path().substring(0, to.path().length() - 1)
                        : to.path();
                if (restoresServiceState(base)) {
                    refuseWhileServed(s, bucket);
                }
                refuseTooLarge(local);
                if (Files.isDirectory(local)) {
                    int n = BucketFolders.upload(s, to.bucket(), base, local);
                    parent.out.println(Counted.of(n, "file") + " to " + dest);
                } else {
                    String name = local.getFileName().toString();
                    String path = !intoFolder ? base : base.isEmpty() ? name : base + "/" + name;
                    s.put(to.bucket(), BucketPath.of(path), Files.readAllBytes(local));
                    parent.out.println(src + " -> hf://buckets/" + to.bucket() + "/" + path);
                }
            });
        }

        /**
         * Copies every file under a bucket folder into the local folder {@code dest}, each file read whole: on a
         * store in use, files written during the copy may or may not be in it, but every file in it is complete.
         */
        private void copyFolderOut(BucketStore s, Address from) throws IOException {
            if (dest.equals("-")) {
                throw CollabException.invalidPath(
                        "a folder cannot be printed: " + src + " (give a local folder as DEST, or name one file)");
            }
            Path target = Path.of(dest);
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "not a folder: " + dest,
                        "a bucket folder (ending with /) is copied into a local folder");
            }
            BucketId bucket = from.existingIn(s);
            if (!from.path().isEmpty() && !s.hasAny(bucket, from.path())) {
                // a folder that holds nothing is no folder: say so instead of leaving an empty local folder
                throw CollabException.of(ErrorCode.NOT_FOUND, "no file under " + src);
            }
            int n = BucketFolders.download(s, bucket, from.path(), target);
            parent.out.println(Counted.of(n, "file") + " to " + dest);
        }
    }

    /**
     * Whether a copy to this destination folder can replace what a running server keeps for itself: a copy to a
     * bucket's root (a restore of a whole bucket, which brings back its claim and records) or into its
     * {@code .collab/} folder. A copy into another folder, such as the evaluation data the organizer puts into
     * {@code shared_resources/harness/data}, is a write like any other process's and is allowed while it runs.
     */
    static boolean restoresServiceState(String base) {
        return base.isEmpty() || base.equals(".collab") || base.startsWith(".collab/");
    }

    /** The largest file a copy takes: a bucket file is read and written whole, as one Java array. */
    static final long MAX_FILE = Integer.MAX_VALUE - 8;

    /** Refuses a local file, or a folder holding one, too large to be read whole, before anything is written. */
    private static void refuseTooLarge(Path local) throws IOException {
        try (Stream<Path> files = Files.walk(local)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                long size = Files.size(file);
                if (size > MAX_FILE) {
                    throw CollabException.of(
                            ErrorCode.PAYLOAD_TOO_LARGE,
                            file + " has " + size + " bytes: a bucket file is copied whole, up to " + MAX_FILE
                                    + " bytes (2 GiB)",
                            "split it into parts, or leave it out of the folder");
                }
            }
        }
    }

    /**
     * Refuses a copy into a bucket that a running server writes: a central bucket whose {@code file:} folder a
     * server has locked, or an audit bucket whose claim a server keeps renewing. Such a copy (a restore before the
     * server was stopped) would not be in the server's indexes, and the claim it brings along would make the server
     * stop as if another one had taken over.
     */
    static void refuseWhileServed(BucketStore s, BucketId bucket) throws IOException {
        if (ForwardingBucketStore.innermost(s) instanceof FileSystemBucketStore fs) {
            Path lock = fs.besideBucket(bucket, "serve.lock");
            if (Files.isRegularFile(lock)) {
                try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    FileLock free;
                    try {
                        free = channel.tryLock();
                    } catch (OverlappingFileLockException sameProcess) {
                        free = null;
                    }
                    if (free != null) {
                        free.release();
                    } else {
                        String holder =
                                Files.readString(lock, StandardCharsets.UTF_8).strip();
                        throw served(bucket, holder.isEmpty() ? "lock file " + lock : holder + "; lock file " + lock);
                    }
                }
            }
        }
        Optional<String> holder = WriterClaim.liveHolder(s, bucket, InstantSource.system());
        if (holder.isPresent()) {
            throw served(bucket, holder.get());
        }
    }

    private static CollabException served(BucketId bucket, String by) {
        return CollabException.of(
                ErrorCode.CONFLICT,
                "a running server writes hf://buckets/" + bucket + " (" + by + ")",
                "stop it before copying into its buckets, e.g. for a restore (docs/deploy.md, Backups)");
    }

    /** {@code collab bucket ls hf://buckets/ORG/NAME[/PREFIX]}. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "Lists a bucket's files (size and path).")
    static final class ListFiles implements Callable<Integer> {
        @ParentCommand
        BucketCommand parent;

        @Parameters(paramLabel = "BUCKET", description = "hf://buckets/<org>/<bucket>[/<prefix>] or <org>/<bucket>")
        String bucket;

        @Override
        public Integer call() {
            return parent.run(s -> {
                Address a = Address.parse(bucket.startsWith("hf://") ? bucket : "hf://buckets/" + bucket, true);
                for (BucketEntry e : s.listAll(a.existingIn(s), a.path())) {
                    parent.out.printf("%10d  %s%n", e.size(), e.path().value());
                }
            });
        }
    }
}
