package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged {@code collab} jar run as a separate process: one-shot commands and a {@code collab serve}. */
final class CollabProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("collab serve: listening on (http://\\S+)");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CollabProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reader: " + e + ")");
            }
        });
    }

    /** The packaged jar named by the build ({@code collab.jar} system property). */
    static Path jar() {
        return Path.of(System.getProperty("collab.jar"));
    }

    /** The docs/examples folder. */
    static Path examples() {
        return Path.of(System.getProperty("collab.examples"));
    }

    /**
     * {@code collab serve} on docs/examples/serve-local.yaml on a free port, its buckets in {@code dir/buckets}, its
     * index snapshot in {@code dir/index} and its local jobs in {@code dir/jobs}; starting it again over the same
     * folder restarts the same collaboration. (The example's snapshot lies beside the checkout: two tests running at
     * once would share it, and the second server is refused by the snapshot's lock.)
     */
    static CollabProcess serveLocal(Path dir) {
        Map<String, String> env = Map.of(
                "COLLAB_STORAGE_BUCKETS",
                "file:" + dir.resolve("buckets"),
                "COLLAB_STORAGE_INDEX_SNAPSHOT",
                dir.resolve("index/board-index.snapshot").toString(),
                "COLLAB_JOBS_WORK_DIR",
                dir.resolve("jobs").toString());
        return start(
                env, "serve", "--config", examples().resolve("serve-local.yaml").toString(), "--port", "0");
    }

    static CollabProcess start(Map<String, String> env, String... args) {
        return start(List.of("-jar", jar().toString()), env, args);
    }

    /**
     * The command started by {@code java <launcher> <args>}, e.g. {@code --module-path ... --module ...} for the
     * launcher.
     */
    static CollabProcess start(List<String> launcher, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.awt.headless=true"));
        cmd.addAll(launcher);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("COLLAB_") || k.startsWith("HF_"));
        pb.environment().putAll(env);
        try {
            return new CollabProcess(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a one-shot command to its end and returns its output; fails the test on a non-zero exit. */
    static String run(Map<String, String> env, String... args) {
        try (CollabProcess p = start(env, args)) {
            int code = p.waitFor(Duration.ofSeconds(60));
            assertEquals(0, code, "collab " + String.join(" ", args) + ":\n" + p.output());
            return p.output();
        }
    }

    /** Waits for {@code collab serve} to print the address it listens on. */
    URI awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : lines) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("collab serve exited with " + process.exitValue() + ":\n" + output());
            }
            sleep(50);
        }
        throw new AssertionError("collab serve did not print its address within " + timeout + ":\n" + output());
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** Kills the process (SIGKILL: no shutdown hook runs) and waits for it to end. */
    void kill(Duration timeout) {
        process.destroyForcibly();
        waitFor(timeout);
    }

    /** Sends SIGTERM and waits for the process to end; returns the exit status. */
    int terminate(Duration timeout) {
        process.toHandle().destroy(); // SIGTERM on POSIX; unlike Process.destroy it leaves the output open
        return waitFor(timeout);
    }

    int waitFor(Duration timeout) {
        try {
            assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "still running:\n" + output());
            reader.join(Duration.ofSeconds(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String output() {
        return String.join("\n", lines);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
