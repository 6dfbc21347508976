package dev.agentcollab.app.serve;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * The runnable jar this process runs from ({@code java -jar collab.jar ...}), which {@code collab serve} and
 * {@code collab demo} hand out at {@code GET /v1/cli/collab.jar} so that an agent on another machine gets the same
 * command line.
 */
public final class ClientJar {
    private ClientJar() {}

    /**
     * The jar holding this class, when the process runs from one.
     *
     * @return the jar, or empty when the classes come from a folder (an IDE, {@code mvn test}) or the location is
     *     not a local file
     */
    public static Optional<Path> running() {
        CodeSource source = ClientJar.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(source.getLocation().toURI());
            boolean jar =
                    Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
            return jar ? Optional.of(path.toAbsolutePath()) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | UnsupportedOperationException e) {
            return Optional.empty(); // not a file: URL (e.g. a nested jar)
        }
    }

    /**
     * The jar to hand out: {@link #running()}, pinned ({@link #pinned}) so that a rebuild of the jar while the
     * server runs never serves a half-written file, nor one of another version than the server's.
     *
     * @return the pinned jar, or empty when the process does not run from one
     */
    public static Optional<Path> served() {
        return running().map(ClientJar::pinned);
    }

    /**
     * A second name for a jar's current content, in a folder of its own that is removed when the process exits: a
     * hard link where the file system allows one (no copy), else a copy. A build that moves the jar aside and
     * writes a new one at its path (as {@code ./collab} does) leaves the pinned file whole and unchanged.
     *
     * @param jar the jar
     * @return the pinned file, or {@code jar} itself when neither a link nor a copy can be made
     */
    static Path pinned(Path jar) {
        try {
            Path dir = Files.createTempDirectory("collab-jar-");
            dir.toFile().deleteOnExit();
            Path pinned = dir.resolve(jar.getFileName());
            pinned.toFile().deleteOnExit(); // registered after the folder: deleted before it, also when a copy fails
            try {
                Files.createLink(pinned, jar);
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                Files.copy(jar, pinned); // another file system, or no hard links there
            }
            return pinned;
        } catch (IOException | SecurityException e) {
            return jar;
        }
    }
}
