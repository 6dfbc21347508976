package dev.agentcollab.app.serve;

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
}
