package dev.agentcollab.core.http.bench;

import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.service.CollabService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One size's server of {@link ScaleBenchmark} over a seeded store, from its start to its close: in the benchmark's
 * JVM, or in a JVM of its own ({@link ScaleServer}). Closing it stops the service, which writes its snapshots.
 */
abstract sealed class ScaleTarget implements AutoCloseable {
    private final long startedNanos;

    private ScaleTarget(long startedNanos) {
        this.startedNanos = startedNanos;
    }

    /**
     * Starts a server over a store.
     *
     * @param root the store's root folder
     * @param snapshot the board index's snapshot file
     * @param serverJvm the options of the server's own JVM, or {@code null} to serve in this JVM
     * @return the running server
     */
    static ScaleTarget start(Path root, Path snapshot, List<String> serverJvm) throws Exception {
        return serverJvm == null ? InProcess.start(root, snapshot) : Apart.start(root, snapshot, serverJvm);
    }

    /** When the start began ({@link System#nanoTime()}), so that the first answer's wait can be timed from it. */
    long startedNanos() {
        return startedNanos;
    }

    /** The server's base URI. */
    abstract URI base();

    /** The server's time from opening the store to listening, when its JVM reports it. */
    abstract Optional<Double> listeningMillis();

    /** Adds the server's memory rows. */
    abstract void stats(Map<String, Double> out) throws Exception;

    @Override
    public abstract void close() throws Exception;

    /** The server in the benchmark's JVM: its memory figures include the clients and every other size's server. */
    private static final class InProcess extends ScaleTarget {
        private final FileSystemBucketStore store;
        private final CollabService service;
        private final RunningServer server;

        private InProcess(long t0, FileSystemBucketStore store, CollabService service, RunningServer server) {
            super(t0);
            this.store = store;
            this.service = service;
            this.server = server;
        }

        static InProcess start(Path root, Path snapshot) {
            System.gc();
            long t0 = System.nanoTime();
            FileSystemBucketStore store = FileSystemBucketStore.open(root);
            CollabService service = null;
            try {
                service = ScaleBenchmark.service(store, Optional.of(snapshot));
                CollabService s = service;
                RunningServer server = CollabServer.create(
                                c -> c.sessions(s::session).description(ScaleBenchmark.description()))
                        .start();
                return new InProcess(t0, store, service, server);
            } catch (RuntimeException e) {
                if (service != null) {
                    service.close();
                }
                store.close();
                throw e;
            }
        }

        @Override
        URI base() {
            return server.baseUri();
        }

        @Override
        Optional<Double> listeningMillis() {
            return Optional.empty();
        }

        @Override
        void stats(Map<String, Double> out) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            out.put(
                    "heap used after GC, every size's server and the clients (MiB)",
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
            out.put(
                    "process RSS, every size's server and the clients (MiB)",
                    ScaleBenchmark.rssMiB(ProcessHandle.current().pid()));
        }

        @Override
        public void close() {
            try (store;
                    service) {
                server.close();
            }
        }
    }

    /** The server in a JVM of its own, talked to on its standard streams ({@link ScaleServer}). */
    private static final class Apart extends ScaleTarget {
        private final Process process;
        private final BufferedReader from;
        private final Writer to;
        private final URI base;
        private final double listening;

        private Apart(long t0, Process process, BufferedReader from, Writer to, String[] ready) {
            super(t0);
            this.process = process;
            this.from = from;
            this.to = to;
            this.base = URI.create(ready[1]);
            this.listening = Double.parseDouble(ready[2]);
        }

        static Apart start(Path root, Path snapshot, List<String> serverJvm) throws IOException {
            long t0 = System.nanoTime();
            Process process = ChildJvm.start(serverJvm, ScaleServer.class, root.toString(), snapshot.toString());
            BufferedReader from =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Writer to = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            try {
                return new Apart(t0, process, from, to, expect(from, "READY"));
            } catch (IOException | RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        URI base() {
            return base;
        }

        @Override
        Optional<Double> listeningMillis() {
            return Optional.of(listening);
        }

        @Override
        void stats(Map<String, Double> out) throws IOException {
            to.write("stats\n");
            to.flush();
            String[] stats = expect(from, "STATS");
            out.put("server heap used after GC (MiB)", Double.parseDouble(stats[1]));
            out.put("server process RSS (MiB)", Double.parseDouble(stats[2]));
        }

        @Override
        public void close() throws Exception {
            try {
                to.close();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } finally {
                from.close();
            }
        }

        private static String[] expect(BufferedReader from, String tag) throws IOException {
            for (String line; (line = from.readLine()) != null; ) {
                if (line.startsWith(tag + " ")) {
                    return line.split(" ");
                }
            }
            throw new IllegalStateException("the server JVM ended before printing " + tag);
        }
    }
}
