package dev.agentcollab.core.service.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The file framing that the service's local snapshots share (the board index, the text indexes, the ranked
 * results): the encoded body, then the
 * CRC-32C of the body; read back whole and checked before anything is decoded, and written atomically (a temporary
 * file in the same folder, forced to disk, renamed over the target), so that a crash leaves the previous snapshot
 * or the new one, never a mix. Stateless.
 */
public final class SnapshotFiles {
    private SnapshotFiles() {}

    /** Why a snapshot file cannot be used: the reason, for the log line of the snapshot's reader. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * Reads a snapshot file whole, checks its checksum, then the magic number and format version that begin its body.
     *
     * @param file the file
     * @param magic the magic number of this kind of snapshot
     * @param version the format version this build reads
     * @param kind what this kind of snapshot is called in a reason, e.g. {@code "text index snapshot"}
     * @return the body after the version, checksum excluded, or empty when there is no file
     * @throws Unusable when the file cannot be read, is truncated, fails its checksum or is of another kind or version
     */
    public static Optional<DataInputStream> open(Path file, int magic, int version, String kind) throws Unusable {
        Optional<byte[]> read = read(file, 12);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        byte[] all = read.get();
        ByteBuffer header = ByteBuffer.wrap(all, 0, 8);
        if (header.getInt() != magic) {
            throw new Unusable("it is not a " + kind);
        }
        int found = header.getInt();
        if (found != version) {
            throw new Unusable("its format version is " + found + ", not " + version);
        }
        return Optional.of(new DataInputStream(new ByteArrayInputStream(all, 8, all.length - 12)));
    }

    /**
     * Reads a snapshot file whole, checks its checksum, then the magic number and format version that begin its body;
     * for readers that decode from a buffer rather than a stream.
     *
     * @param file the file
     * @param magic the magic number of this kind of snapshot
     * @param version the format version this build reads
     * @param kind what this kind of snapshot is called in a reason
     * @return the body after the version, checksum excluded, big-endian, or empty when there is no file
     * @throws Unusable when the file cannot be read, is truncated, fails its checksum or is of another kind or version
     */
    public static Optional<ByteBuffer> buffer(Path file, int magic, int version, String kind) throws Unusable {
        Optional<byte[]> read = read(file, 12);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        byte[] all = read.get();
        ByteBuffer body = ByteBuffer.wrap(all, 0, all.length - 4);
        if (body.getInt() != magic) {
            throw new Unusable("it is not a " + kind);
        }
        int found = body.getInt();
        if (found != version) {
            throw new Unusable("its format version is " + found + ", not " + version);
        }
        return Optional.of(body.slice());
    }

    /**
     * Reads a snapshot file whole and checks its checksum.
     *
     * @param file the file
     * @param minLength the fewest bytes a valid file of this kind holds, checksum included
     * @return the file's bytes, checksum included (the body is all but the last 4), or empty when there is no file
     * @throws Unusable when the file cannot be read, is shorter than {@code minLength} or fails its checksum
     */
    private static Optional<byte[]> read(Path file, int minLength) throws Unusable {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new Unusable("it could not be read (" + e + ")");
        }
        if (all.length < Math.max(4, minLength)) {
            throw new Unusable("it is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        if (ByteBuffer.wrap(all, all.length - 4, 4).getInt() != (int) crc.getValue()) {
            throw new Unusable("its checksum does not match its content (truncated or damaged)");
        }
        return Optional.of(all);
    }

    /**
     * The 4 bytes that end a file whose body has this checksum.
     *
     * @param crc the CRC-32C of the body
     * @return its big-endian bytes
     */
    public static byte[] tail(CRC32C crc) {
        return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
    }

    /**
     * Writes a snapshot atomically, replacing the previous one.
     *
     * @param file the file (its folder is created when missing)
     * @param parts the file's bytes in order, the last 4 being the body's checksum ({@link #tail})
     * @throws IOException when the file cannot be written; the previous snapshot is then left as it was
     */
    public static void write(Path file, byte[]... parts) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (byte[] part : parts) {
                    ByteBuffer buf = ByteBuffer.wrap(part);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system cannot rename atomically: " + dir, e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
