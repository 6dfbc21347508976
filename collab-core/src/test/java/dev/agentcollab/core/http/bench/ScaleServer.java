package dev.agentcollab.core.http.bench;

import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.http.CollabServer;
import dev.agentcollab.core.http.RunningServer;
import dev.agentcollab.core.service.CollabService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The server side of {@link ScaleBenchmark} in a JVM of its own, so that the clients' threads, allocations and
 * garbage collections do not share its heap and its cores' scheduling with the server's. Opens a seeded store,
 * starts the service and the server on loopback port 0, and talks to the parent on its standard streams:
 *
 * <pre>
 * stdout  READY &lt;base-uri&gt; &lt;ms from opening the store to listening&gt;
 * stdin   stats        stdout  STATS &lt;heap used after GC, MiB&gt; &lt;process RSS, MiB&gt;
 * stdin   end of input         the server stops and the JVM exits
 * </pre>
 *
 * <p>Usage: {@code ScaleServer <store-root> <board-index-snapshot>}; started by
 * {@code ScaleBenchmark --server-jvm=...}. The service closes (and writes the snapshot) when standard input ends.
 */
public final class ScaleServer {
    private ScaleServer() {}

    /**
     * Serves a seeded store until standard input ends.
     *
     * @param args the store's root folder and the board index's snapshot file
     */
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (FileSystemBucketStore store = FileSystemBucketStore.open(Path.of(args[0]));
                CollabService service = ScaleBenchmark.service(store, Optional.of(Path.of(args[1])));
                RunningServer server = CollabServer.create(
                                c -> c.sessions(service::session).description(ScaleBenchmark.description()))
                        .start()) {
            System.out.printf(Locale.ROOT, "READY %s %.1f%n", server.baseUri(), (System.nanoTime() - t0) / 1e6);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.strip().equals("stats")) {
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(
                            Locale.ROOT,
                            "STATS %.1f %.1f%n",
                            (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                            ScaleBenchmark.rssMiB(ProcessHandle.current().pid()));
                    System.out.flush();
                }
            }
        }
    }
}
