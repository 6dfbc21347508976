package dev.agentcollab.core.http.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's sign-ins on disk, so that a restart keeps people signed in: one JSON file holding, per session,
 * the SHA-256 of its id, its method and expiry, and the bearer token encrypted with a key derived from the session
 * id ({@link SealedSession}). The file alone therefore reveals neither a cookie nor a token. Written atomically
 * (temporary file, {@code fsync}, rename) and readable by the owner only where the file system has POSIX
 * permissions. A file that cannot be read is logged and treated as empty; a failed write is logged (the sessions
 * stay in memory). Not thread safe: {@link WebSessions} serialises the calls.
 */
final class SessionFile {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFile.class);
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    /**
     * Creates the store.
     *
     * @param file the file; its folder is created when missing
     */
    SessionFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /**
     * The sessions in the file that have not expired.
     *
     * @param now the current time
     * @return the sealed sessions
     */
    List<SealedSession> load(Instant now) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Map<String, String>> rows = Json.mapper()
                    .readValue(Files.readAllBytes(file), new TypeReference<List<Map<String, String>>>() {});
            List<SealedSession> out = new ArrayList<>();
            for (Map<String, String> row : rows) {
                try {
                    SealedSession s = SealedSession.fromRow(row);
                    if (s.expires().isAfter(now)) {
                        out.add(s);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("skipping an unreadable dashboard session in " + file);
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read the dashboard sessions in " + file + "; starting empty", e);
            return List.of();
        }
    }

    /**
     * Replaces the file's content.
     *
     * @param sessions every live session
     */
    void save(List<SealedSession> sessions) {
        try {
            byte[] bytes = Json.mapper()
                    .writeValueAsBytes(
                            sessions.stream().map(SealedSession::toRow).toList());
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + "-" + UUID.randomUUID() + ".tmp");
            try {
                FileAttribute<?>[] attrs = POSIX
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
                Files.createFile(tmp, attrs);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the dashboard sessions to " + file, e);
        }
    }
}
