package dev.agentcollab.app.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold bearer tokens (a deployment's token file, a Hub token file): written readable by their owner only,
 * replaced atomically (a temporary file beside them, then a move: a running server that follows the file never reads
 * half of it), and named at start-up when other users of the machine can read them, as ssh does for its keys. On file systems
 * without POSIX permissions nothing is checked or set. Stateless.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {}

    /**
     * Writes a secret file readable and writable by its owner only ({@code rw-------}), replacing an existing one.
     *
     * @param file the file
     * @param text its content
     * @throws IOException when it cannot be written
     */
    public static void writePrivate(Path file, String text) throws IOException {
        replace(file, text, false);
    }

    /**
     * Replaces a secret file keeping its permissions (an organizer may have chosen them); a new file is its owner's
     * only.
     *
     * @param file the file
     * @param text its new content
     * @throws IOException when it cannot be written
     */
    public static void rewrite(Path file, String text) throws IOException {
        replace(file, text, true);
    }

    /** A temporary file beside the target with the permissions chosen, then an atomic move over it. */
    private static void replace(Path file, String text, boolean keepPermissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(
                        keepPermissions && Files.exists(file) ? Files.getPosixFilePermissions(file) : OWNER_ONLY);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether other users of the machine can read or change a secret file.
     *
     * @param file the file
     * @return a warning naming the file, its permissions and the fix; empty when only its owner can, or when the
     *     file system has no POSIX permissions or the file cannot be read
     */
    public static Optional<String> exposed(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            if (permissions.stream().noneMatch(SHARED::contains)) {
                return Optional.empty();
            }
            return Optional.of(file + " holds bearer tokens and other users of this machine can read it ("
                    + PosixFilePermissions.toString(permissions) + "): chmod 600 " + file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
