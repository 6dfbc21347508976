package dev.agentcollab.app.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where {@code collab agent inbox --new} keeps, per server and inbox, the newest message it has shown, so that an
 * agent (an LLM session that does not remember the last cursor) asks for what is new without bookkeeping: a Java
 * properties file at {@code $COLLAB_STATE_DIR/inbox-cursors.properties}, else
 * {@code $XDG_STATE_HOME/collab/inbox-cursors.properties}, else {@code ~/.local/state/collab/inbox-cursors.properties};
 * keys are {@code <server url> <handle>}. Written whole through a temporary file and a rename, so a reader never
 * sees half a file, and changed under a lock ({@code inbox-cursors.properties.lock} beside it), so runs that poll
 * different inboxes at once keep each other's cursors; a cursor only moves forward (filenames sort by time). Two
 * processes polling the same inbox at once may both show the same messages, never skip one.
 *
 * @param path the file
 */
record InboxCursors(Path path) {
    /** Validates the path. */
    InboxCursors {
        Objects.requireNonNull(path, "path");
    }

    /**
     * The file for an environment.
     *
     * @param env the environment ({@code COLLAB_STATE_DIR}, {@code XDG_STATE_HOME}, {@code HOME})
     * @return the cursors
     */
    static InboxCursors of(Map<String, String> env) {
        String explicit = env.get("COLLAB_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new InboxCursors(Path.of(explicit).resolve("inbox-cursors.properties"));
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path state = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(
                        Optional.ofNullable(env.get("HOME")).orElse(System.getProperty("user.home")),
                        ".local",
                        "state");
        return new InboxCursors(state.resolve("collab").resolve("inbox-cursors.properties"));
    }

    /**
     * The newest message shown of an inbox.
     *
     * @param url the server root
     * @param handle the inbox
     * @return its filename, or empty before the first {@code --new}
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    Optional<String> get(String url, String handle) {
        return Optional.ofNullable(load().getProperty(key(url, handle))).filter(v -> !v.isBlank());
    }

    /**
     * Records the newest message shown of an inbox.
     *
     * @param url the server root
     * @param handle the inbox
     * @param filename the message's filename
     * @throws UncheckedIOException when the file cannot be written
     */
    void put(String url, String handle, String filename) {
        // read, change and write under a lock (threads of this process, then other processes): without it, two
        // runs for different inboxes both read the old file and the later write drops the other's cursor
        synchronized (InboxCursors.class) {
            try {
                Path dir = path.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                try (FileChannel lock = FileChannel.open(
                                dir.resolve(path.getFileName() + ".lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock held = lock.lock()) {
                    Properties p = load();
                    String key = key(url, handle);
                    String previous = p.getProperty(key);
                    if (previous != null && previous.compareTo(filename) >= 0) {
                        return; // a run that showed newer messages wrote first: the cursor only moves forward
                    }
                    p.setProperty(key, filename);
                    PropertiesFiles.store(
                            path, p, "collab agent inbox --new: the newest message shown, per server and inbox", "");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }
    }

    private Properties load() {
        return PropertiesFiles.load(path, "");
    }

    private static String key(String url, String handle) {
        return url.replaceAll("/+$", "") + " " + handle;
    }
}
