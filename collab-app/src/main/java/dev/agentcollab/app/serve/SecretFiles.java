package dev.agentcollab.app.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold bearer tokens (a deployment's token file, a Hub token file): written readable by their owner only,
 * and named at start-up when other users of the machine can read them, as ssh does for its keys. On file systems
 * without POSIX permissions nothing is checked or set. Stateless.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {}

    /**
     * Writes a secret file readable and writable by its owner only ({@code rw-------}), replacing an existing one.
     *
     * @param file the file
     * @param text its content
     * @throws IOException when it cannot be written
     */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // no POSIX permissions here
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being written", e);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
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
