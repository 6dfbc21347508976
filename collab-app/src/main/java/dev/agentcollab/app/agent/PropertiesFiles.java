package dev.agentcollab.app.agent;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/** The properties files the agent commands keep (the profile, the inbox cursors): read whole, written whole. */
final class PropertiesFiles {
    private PropertiesFiles() {}

    /**
     * Reads a file; a missing file is empty.
     *
     * @param path the file
     * @param what what it is, for the error (e.g. {@code "profile "}, or empty)
     * @return its properties
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    static Properties load(Path path, String what) {
        Properties p = new Properties();
        if (Files.exists(path)) {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + what + path, e);
            } catch (IllegalArgumentException e) {
                // a malformed unicode escape: name the file, which the bare message does not
                throw new UncheckedIOException(
                        "cannot read " + what + path,
                        new IOException(e.getMessage() + " (not a properties file: fix or delete it)", e));
            }
        }
        return p;
    }

    /**
     * Writes a file whole: into a temporary file readable by its owner only, in the same folder, then renamed over
     * the file, so a reader never sees half of it.
     *
     * @param path the file (its folder is created)
     * @param p the properties
     * @param comment the comment line at the top
     * @param what what it is, for the error (e.g. {@code "profile "}, or empty)
     * @throws UncheckedIOException when it cannot be written
     */
    static void store(Path path, Properties p, String comment, String what) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, comment);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + path, e);
        }
    }
}
